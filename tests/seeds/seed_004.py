"""Seed 004, an al-folio "about" page (Zirui "Ray" Liu): the photo right of the text, not
round, an address of three lines, "About me" with a bold announcement and a call for
students, "News" without dates in the member's order, and a "Publications" paragraph that
points to Google Scholar.

The seed's text is mojibake (UTF-8 read as Windows-1252: "Iâ€™m", "ðŸ”¥"); a member types
the characters they mean ("I’m", "🔥"), so the builder repairs it with ftfy, which the
site import uses too. Its HTML comments are not on the seed's page and are left out. The
news goes through "Paste a list…" (the seed's list, tests/people/seed_lists.py).
"""

# ruff: noqa: E501 (the seed's sentences as they are)

import re
from types import SimpleNamespace

import ftfy

from people.pasting import create_pasted_items
from tests.factories import make_lab, make_person, make_person_section
from tests.people.seed_lists import SEED_004_NEWS
from tests.seeds.common import png_file

HOST = "seed004.example.org"
PATH = "/people/zirui-liu/"

ABOUT = """Iâ€™m Zirui "Ray" Liu, a Ph.D. student from the Department of [Computer Science at Rice University](https://cs.rice.edu/), co-advised by Dr. [Xia "Ben" Hu](https://cs.rice.edu/~xh37/index.html) and Prof. [Vladimir Braverman](https://cs.rice.edu/~vb21/).

My core research interests lie in **large-scale machine learning and machine learning system**. I co-design algorithm and system, aiming to scale-up and/or accerlate machine learning models. Some examples include [LLM KV Cache quantization](https://arxiv.org/pdf/2402.02750), [randomized matrix mulplication for LLMs](https://arxiv.org/abs/2305.15265), and [GNN quantization](https://openreview.net/pdf?id=vkaMaq95_rX). Besides MLsys, I am also interested in other core problems/applications in LLMs like RAG and LLM safety.

**I will join the Department of Computer Science at University of Minnesota Twin Cities as a tenure-track Assistant Professor.**

Feel free to reach out if you would like to collaborate on MLSys or on-device ML research.

ðŸ“§ðŸ“§ Prospective students: **I am looking for self-motivated students with strong background in coding and ML**. Feel free to drop me a line to [ziruiliu.recruit@gmail.com](mailto:ziruiliu.recruit@gmail.com) together with resume and transcripts if you are interested."""

PUBLICATIONS = "Please refer to [publications](https://scholar.google.com/citations?user=0i1w_egAAAAJ) or [Google Scholar](https://scholar.google.com/citations?user=0i1w_egAAAAJ)."

ADDRESS = "Duncan Hall, 3014\n6100 Main St\nHouston, TX 77005"


def shown_news() -> str:
    """The seed's news list as its page shows it: comments out, characters repaired."""
    return ftfy.fix_text(re.sub(r"<!--.*?-->", "", SEED_004_NEWS, flags=re.S), uncurl_quotes=False)


def build() -> SimpleNamespace:
    lab = make_lab(slug="seed-004", name="Rice DATA Lab", hosts=[HOST])
    person = make_person(
        lab=lab, slug="zirui-liu", full_name='Zirui "Ray" Liu', sections=[],
        about=ftfy.fix_text(ABOUT, uncurl_quotes=False), location=ADDRESS, photo_position="right",
        photo_shape="original", photo_size="medium", photo_alt='Zirui "Ray" Liu',
    )  # fmt: skip
    person.photo = png_file("profile.png", size=(360, 480), colour=(60, 120, 90))
    person.save()
    make_person_section(lab=lab, person=person, kind="about", heading="About me", order=10)
    make_person_section(lab=lab, person=person, kind="news", heading="News", order=20)
    make_person_section(
        lab=lab, person=person, kind="custom", heading="Publications", body=PUBLICATIONS,
        order=30,
    )  # fmt: skip
    seed = SimpleNamespace(lab=lab, person=person, host=HOST, path=PATH)
    add_items(seed, copy=1)
    return seed


def add_items(seed, *, copy: int) -> None:
    """The news, undated, in the seed's order (a second copy's items end in "(copy 2)")."""
    suffix = "" if copy == 1 else f" (copy {copy})"
    lines = [line.rstrip() + suffix for line in shown_news().splitlines() if line.strip()]
    create_pasted_items(person=seed.person, target="news", text="\n".join(lines))
