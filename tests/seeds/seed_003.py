"""Seed 003, a lab's publication list (InfiniAI Lab): "Preprints", "Publications" and
"Workshops", each paper a linked title, a "Last, First; …" author list with co-first
marks, and a venue line with its highlight in red ("NeurIPS2024 (Spotlight)").

The 48 papers are read from the seed's own text (tests/seeds/data/seed_003.txt) into what
admin writes: a paper per entry (kind from its group, venue and year from its venue line,
its link), its authors through "Paste authors" (the seed's list as it is, ``*`` marks
included), its highlight as a paper award, the order within a year as the seed's; the
lab's publication list settings group by kind under the seed's headings, members not in
bold (the seed bolds no one).
"""

import re
from types import SimpleNamespace

from publications.author_entry import plan_pasted_authors, replace_authors
from tests.factories import (
    make_award,
    make_lab,
    make_person,
    make_publication,
    make_publication_list_settings,
)
from tests.seeds.common import seed_text

HOST = "seed003.example.org"
PATH = "/publications/"
GROUP_KINDS = {"Preprints": "preprint", "Publications": "conference", "Workshops": "workshop"}


def seed_papers() -> list[dict]:
    """Each paper of the seed: group, title, url, authors (as written), venue, highlight."""
    papers = []
    for group, body in re.findall(r"^## (\w+)\n(.*?)(?=^## |\Z)", seed_text("003"), re.M | re.S):
        for entry in re.split(r"\n\s*\n", body.strip()):
            lines = [line.strip() for line in entry.strip().splitlines() if line.strip()]
            title, url = re.fullmatch(r"\*\*\[(.+)\]\((.*)\)\*\*", lines[0]).groups()
            venue, highlight = (lines[2] if len(lines) > 2 else ""), ""
            found = re.search(r"\s*\(<font color=Red>(.+?)</font>\)", venue)
            if found:
                venue, highlight = venue[: found.start()], found.group(1)
            papers.append({
                "group": group, "title": title, "url": url, "authors": lines[1],
                "venue": venue.strip(), "highlight": highlight,
            })  # fmt: skip
    return papers


def paper_year(paper: dict) -> int | None:
    if paper["group"] == "Preprints":  # an arXiv id's first digits: 2410.16179 is 2024
        found = re.search(r"arxiv\.org/abs/(\d\d)\d\d\.", paper["url"])
        return 2000 + int(found.group(1)) if found else None
    years = re.findall(r"(?:19|20)\d\d", paper["venue"])
    return int(years[0]) if years else None


def link_kind(url: str) -> str:
    return "arxiv" if "arxiv.org/abs/" in url else "pdf"


def build() -> SimpleNamespace:
    lab = make_lab(slug="seed-003", name="InfiniAI Lab", hosts=[HOST])
    make_publication_list_settings(
        lab=lab, grouping="kind", preprints_heading="Preprints", papers_heading="Publications",
        workshops_heading="Workshops", bold_members=False, author_format="last_first",
        title_link="link",
    )  # fmt: skip
    beidi = make_person(
        lab=lab, slug="beidi-chen", full_name="Beidi Chen", name_variants="Chen, Beidi\nChen Beidi"
    )
    seed = SimpleNamespace(lab=lab, person=beidi, host=HOST, path=PATH)
    add_items(seed, copy=1)
    return seed


def add_items(seed, *, copy: int) -> None:
    """Every paper of the seed (a second copy's titles end in "(copy 2)")."""
    suffix = "" if copy == 1 else f" (copy {copy})"
    positions: dict[tuple, int] = {}
    for number, paper in enumerate(seed_papers(), start=1):
        year = paper_year(paper)
        position = positions[paper["group"], year] = positions.get((paper["group"], year), 0) + 1
        url = paper["url"]
        publication = make_publication(
            lab=seed.lab, title=paper["title"] + suffix, slug=f"paper-{number}-{copy}",
            kind=GROUP_KINDS[paper["group"]], venue=paper["venue"], year=year,
            position_in_year=position + 100 * (copy - 1),
            links=[(link_kind(url), url)] if url else [],
        )  # fmt: skip
        authors = paper["authors"].replace("\\*", "*")
        planned, truncated = plan_pasted_authors(lab=seed.lab, publication=None, text=authors)
        replace_authors(publication=publication, authors=planned, truncated=truncated)
        if paper["highlight"]:
            make_award(
                lab=seed.lab, publication=publication, kind="paper", title=paper["highlight"],
                year=year,
            )  # fmt: skip
