"""Seed 001, an academicpages "About" page: about text with a highlighted call for
applicants, research interests with descriptions, awards and news dated to the month
("July 2024"), and the old site's addresses (/about/, /about.html) redirected.

The seed's page takes the member's name from the theme's config, which the seed does not
include; the builder names them "Seed Member". The seed's HTML comments are not shown by
the seed either and are left out.
"""

# ruff: noqa: E501 (the seed's sentences as they are)

import datetime
from types import SimpleNamespace

from tests.factories import (
    make_award,
    make_lab,
    make_news,
    make_person,
    make_person_section,
    make_redirect,
)
from tests.seeds.common import png_file

HOST = "seed001.example.org"
PATH = "/people/seed-member/"

ABOUT = """I am now machine learning system researcher scientist at ByteDance. I am in TopSeed program.
I completed my Ph.D. in the School of CS at Peking University, where I was advised by [Prof. Yun Liang](https://ericlyun.github.io/).
I also worked with Professor [Luis Ceze](https://homes.cs.washington.edu/~luisceze/) on LLM serving and optimization from September 2023 to January 2024 as visiting Ph.D. in [SAMPL](https://sampl.cs.washington.edu/) at the University of Washington.
My recent publications investigate new algorithms, abstractions, and frameworks for efficient code generation on CPU and GPU. My research has been recognized with MICRO, ASPLOS, ISCA, HPCA, TPDS, DAC, and MLSys. I received my B.S. degree in the department of Computer Intelligence Science at Peking University.
I am PC member of ChinaSys; reviewer of TPDS and TACO; sub-reviewer of MICRO, PPoPP, MLSys, ICS, and ICCAD.

==**I am seeking highly motivated full-time employees and research interns. If interested, please contact me directly!**=="""

INTERESTS = [
    ("High-performance Inference System", "System design for large language and vision models"),
    ("AI Compiler", "Compiler Design for the next generation of accelerators"),
    ("Distributed Systems", "Computation-communication co-optimization and automation"),
]

# (year, month, title), in the seed's order.
AWARDS = [
    (2024, 7, "Outstanding Doctoral Dissertation Award of Peking University"),
    (2024, 7, "Outstanding Ph.D. Graduate of both Beijing and Peking University"),
]
NEWS = [
    (datetime.date(2024, 9, 1), "Our paper ==ArkVale: Efficient Generative LLM Inference with Recallable Key-Value Eviction== has been accepted by NeurIPS 2024!"),
    (datetime.date(2024, 8, 1), "Join ByteDance as TopSeed researcher"),
]

OLD_PATHS = ["/about/", "/about.html"]


def build() -> SimpleNamespace:
    lab = make_lab(slug="seed-001", name="ByteDance Seed", hosts=[HOST])
    person = make_person(
        lab=lab, slug="seed-member", full_name="Seed Member", sections=[], about=ABOUT,
        date_format="month_long", photo_alt="Portrait of the member",
    )  # fmt: skip
    person.photo = png_file("profile.png", size=(400, 400))
    person.save()
    headings = [("about", ""), ("interests", "Research Interests"), ("awards", "Awards"),
                ("news", "News")]  # fmt: skip
    for order, (kind, heading) in enumerate(headings, start=1):
        make_person_section(lab=lab, person=person, kind=kind, heading=heading, order=order * 10)
    for order, (title, description) in enumerate(INTERESTS, start=1):
        person.research_interests.create(
            lab=lab, title=title, description=description, order=order * 10
        )
    for old_path in OLD_PATHS:
        make_redirect(lab=lab, old_path=old_path, target=PATH)
    seed = SimpleNamespace(lab=lab, person=person, host=HOST, path=PATH)
    add_items(seed, copy=1)
    return seed


def add_items(seed, *, copy: int) -> None:
    """The seed's awards and news (a second copy is marked "(copy 2)")."""
    suffix = "" if copy == 1 else f" (copy {copy})"
    for order, (year, month, title) in enumerate(AWARDS, start=1):
        make_award(
            lab=seed.lab, person=seed.person, title=title + suffix, year=year, month=month,
            order=order + 10 * copy,
        )  # fmt: skip
    for order, (date, body) in enumerate(NEWS, start=1):
        make_news(
            lab=seed.lab, person=seed.person, date=date, date_precision="month",
            body=body + suffix, slug=f"news-{order}-{copy}", order=order + 10 * copy,
        )  # fmt: skip
