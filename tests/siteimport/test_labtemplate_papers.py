"""The lab-template reader's papers: the template's ``_data/publist.yml`` and seed 003, a
real lab's hand-written publication page (kinds from its headings, "Last, First;" authors,
co-first, <font color=Red> highlights, NeurIPS2024 venues). Pure: no database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from siteimport.formats import labtemplate_leftovers as leftovers
from tests.siteimport.labtemplate_site import (
    SITE,
    copy_site,
    date,
    read,
    read_as_allan_lab,
)


@pytest.fixture(scope="module")
def site():
    return read(SITE)


@pytest.fixture(scope="module")
def allan_site(tmp_path_factory):
    return read_as_allan_lab(tmp_path_factory.mktemp("allan"))


# --- papers: publist.yml -------------------------------------------------------------------


def test_template_papers_are_skipped_in_a_fork(site):
    template_papers = [item for item in site.skipped if item.reason == leftovers.TEMPLATE_PAPER]
    assert [item.origin.line for item in template_papers] == [1, 11, 23, 36]
    assert not any(paper.origin.path == "_data/publist.yml" for paper in site.papers)


def test_publist_on_the_allan_labs_own_site(allan_site):
    papers = [paper for paper in allan_site.papers if paper.origin.path == "_data/publist.yml"]
    assert [paper.selected for paper in papers] == [False, True, True, False]  # highlight
    assert [paper.thumbnail for paper in papers] == [
        "",  # dummy.png, the template's stand-in
        "images/pubpic/Mott_phase_sep.jpg",
        "images/pubpic/Pub_nemat1.png",
        "",
    ]
    arxiv, mott, nematic, chimia = (paper.entry for paper in papers)
    assert (arxiv.arxiv_id, arxiv.year, arxiv.kind) == ("1707.03362", 2017, "preprint")
    assert [(a.name, a.equal_contribution) for a in mott.authors[:3]] == [
        ("I Battisti", True),
        ("K M Bastiaans", True),  # the pipeline's rule for "K.M."
        ("V Fedoseev", False),
    ]
    assert (mott.venue, mott.volume, mott.pages, mott.year) == ("Nature Physics", "13", "21", 2017)
    assert mott.abstract.startswith("We discover of electronic order")
    assert [(a.name, a.equal_contribution) for a in nematic.authors[:2]] == [
        ("T-M Chuang", True),
        ("MP Allan", True),
    ]
    assert [a.name for a in chimia.authors] == [
        "J Osterwalder",
        "A Tamai",
        "W Auwärter",  # "AuwÃ¤rter" in the file: double-encoded UTF-8 repaired
        "MP Allan",
        "T Greber",
    ]
    links = [(link.kind, link.label, link.url) for link in papers[2].links]
    assert links == [
        ("other", "Science 327, 181 (2010)", "http://www.sciencemag.org/content/327/5962/181"),
        (
            "other",
            "Featured in a ‘Perspective’ by E Fradkin & SA Kivelson",
            "http://www.sciencemag.org/content/327/5962/155",
        ),
        (
            "other",
            "Article on NewScientist",
            "https://www.newscientist.com/article/dn18354-electron-spotting-could-explain-warm-superconductors/",
        ),
    ]
    assert papers[3].links == []  # "hhttp://…": not an address, reported
    reasons = {(item.origin.line, item.reason) for item in allan_site.skipped}
    assert (36, "not a web address (http/https)") in reasons
    assert (1, leftovers.STAND_IN_IMAGE) in reasons


# --- papers: the hand-written page (seed 003) ---------------------------------------------

# (title start, kind, venue short name, year, number of authors, co-first, highlights):
# every paper of seed 003, in the page's order.
SEED_003 = [
    ("MagicPIG: LSH Sampling f", "preprint", "", 2024, 11, [], []),
    (
        "MagicDec: Breaking the L",
        "preprint",
        "",
        2024,
        7,
        ["Jian Chen", "Vashisth Tiwari", "Ranajoy Sadhukhan"],
        [],
    ),
    ("Zeroth-Order Fine-Tuning", "preprint", "", 2024, 12, [], []),
    ("LLM Inference Unveiled: ", "preprint", "", 2024, 12, [], []),
    ("Inrank: Incremental low-", "preprint", "", 2023, 5, [], []),
    ("Sample-efficient Surroga", "preprint", "", 2023, 10, [], []),
    (
        "Sequoia: Scalable, Robus",
        "conference",
        "NeurIPS 2024",
        2024,
        7,
        ["Zhuoming Chen", "Avner May", "Ruslan Svirschevski"],
        ["Spotlight"],
    ),
    ("Sirius: Contextual Spars", "conference", "NeurIPS 2024", 2024, 5, [], []),
    ("S2FT: Efficient, Scalabl", "conference", "NeurIPS 2024", 2024, 8, [], []),
    ("Learn To be Efficient: B", "conference", "NeurIPS 2024", 2024, 5, [], ["Spotlight"]),
    (
        "SpecExec: Massively Para",
        "conference",
        "NeurIPS 2024",
        2024,
        6,
        ["Ruslan Svirschevski", "Avner May", "Zhuoming Chen"],
        [],
    ),
    ("Megalodon: Efficient llm", "conference", "NeurIPS 2024", 2024, 10, [], []),
    ("Mini-Sequence Transforme", "conference", "NeurIPS 2024", 2024, 5, [], []),
    ("Nearest Neighbor Specula", "conference", "NeurIPS 2024", 2024, 7, [], []),
    ("Who Needs Features? On t", "conference", "NeurIPS 2024", 2024, 5, [], []),
    ("Found in the Middle: How", "conference", "NeurIPS 2024", 2024, 8, [], []),
    ("TriForce: Lossless Accel", "conference", "COLM 2024", 2024, 5, [], []),
    ("Prompt-prompted Mixture ", "conference", "COLM 2024", 2024, 3, [], []),
    ("Galore: Memory-efficient", "conference", "ICML 2024", 2024, 6, [], ["Oral"]),
    ("Get More with LESS: Synt", "conference", "ICML 2024", 2024, 6, [], []),
    ("LoCoCo: Dropping In Conv", "conference", "ICML 2024", 2024, 4, [], []),
    ("HexGen: Generative Infer", "conference", "ICML 2024", 2024, 6, [], []),
    ("KIVI: A Tuning-Free Asym", "conference", "ICML 2024", 2024, 8, [], []),
    ("Compress, then prompt: I", "conference", "ICML 2024", 2024, 8, [], []),
    ("Layer skip: Enabling ear", "conference", "ACL 2024", 2024, 10, [], []),
    ("Q-Hitter: A Better Token", "conference", "MLSys 2024", 2024, 6, [], []),
    ("Efficient streaming lang", "conference", "ICLR 2024", 2024, 5, [], []),
    ("Joma: Demystifying multi", "conference", "ICLR 2024", 2024, 5, [], []),
    ("Fast Algorithms for a Ne", "conference", "COLT 2023", 2023, 4, [], []),
    ("H2O: Heavy-Hitter Oracle", "conference", "NeurIPS 2023", 2023, 12, [], []),
    ("Scan and Snap: Understan", "conference", "NeurIPS 2023", 2023, 4, [], []),
    ("Laughing hyena distiller", "conference", "NeurIPS 2023", 2023, 10, [], []),
    ("Deja vu: Contextual spar", "conference", "ICML 2023", 2023, 11, [], ["Oral"]),
    ("FlexGen: High-Throughput", "conference", "ICML 2023", 2023, 10, [], ["Oral"]),
    ("CocktailSGD: Fine-tuning", "conference", "ICML 2023", 2023, 8, [], []),
    ("Decentralized training o", "conference", "NeurIPS 2022", 2022, 9, [], ["Oral"]),
    ("Fine-tuning language mod", "conference", "NeurIPS 2022", 2022, 8, [], []),
    (
        "Monarch: Expressive stru",
        "conference",
        "ICML 2022",
        2022,
        10,
        [],
        ["Outstanding Paper Runner Up"],
    ),
    ("Pixelated butterfly: Sim", "conference", "ICLR 2022", 2022, 7, [], ["Spotlight"]),
    ("Halos: Hashing large out", "conference", "MLSys 2022", 2022, 7, [], []),
    ("Scatterbrain: Unifying s", "conference", "NeurIPS 2021", 2021, 6, [], []),
    ("Locality sensitive teach", "conference", "NeurIPS 2021", 2021, 7, [], []),
    ("A tale of two efficient ", "conference", "ICML 2021", 2021, 6, [], ["Oral"]),
    ("MONGOOSE: A learnable LS", "conference", "ICLR 2021", 2021, 9, [], ["Oral"]),
    ("SOLAR: Sparse Orthogonal", "conference", "ICLR 2021", 2021, 3, [], []),
    ("Satellite Images and Dee", "conference", "JSM 2021", 2021, 5, [], []),
    ("SLIDE: In Defense of Sma", "conference", "MLSys 2020", 2020, 6, [], []),
    ("Angular visual hardness", "conference", "ICML 2020", 2020, 7, [], []),
    ("Fast and accurate stocha", "conference", "NeurIPS 2019", 2019, 3, [], []),
    ("Densified winner take al", "conference", "UAI 2018", 2018, 2, [], []),
    (
        "Unique entity estimation",
        "journal",
        "",
        2018,
        3,
        [],
        ["IISA 2018 Best Student Paper in Applied Statistics"],
    ),
    ("Analyzing log analysis: ", "conference", "LISA 2014", 2014, 6, [], ["Best Student Paper"]),
    ("Towards Structured Spars", "workshop", "", 2023, 3, [], []),
    ("BearLoc: a composable di", "workshop", "", 2015, 6, [], []),
]


def test_every_paper_of_seed_003(site):
    page = [paper for paper in site.papers if paper.origin.path == "_pages/publications.md"]
    assert len(page) == len(SEED_003) == 54
    for paper, expected in zip(page, SEED_003, strict=True):
        entry = paper.entry
        got = (
            entry.title[: len(expected[0])],
            entry.kind,
            entry.venue_short,
            entry.year,
            len(entry.authors),
            [author.name for author in entry.authors if author.equal_contribution],
            paper.highlights,
        )
        assert got == expected, entry.title


def test_seed_003_names_venues_links_and_origins(site):
    papers = {paper.entry.title.split(":")[0]: paper for paper in site.papers}
    magicpig = papers["MagicPIG"]
    assert [a.name for a in magicpig.entry.authors[:2]] == ["Zhuoming Chen", "Ranajoy Sadhukhan"]
    assert magicpig.entry.arxiv_id == "2410.16179"
    assert [(link.kind, link.url) for link in magicpig.links] == [
        ("arxiv", "https://arxiv.org/abs/2410.16179")
    ]
    assert (magicpig.origin.path, magicpig.origin.line) == ("_pages/publications.md", 11)
    assert papers["S2FT"].links == [] and papers["S2FT"].entry.url == ""  # "[S2FT…]()"
    assert [link.kind for link in papers["CocktailSGD"].links] == ["pdf"]
    assert "Christopher Ré" in [
        a.name
        for a in papers["Fast Algorithms for a New Relaxation of Optimal Transport"].entry.authors
    ]
    annals = papers["Unique entity estimation with application to the Syrian conflict"].entry
    assert (annals.venue, annals.volume, annals.number) == (
        "The Annals of Applied Statistics",
        "12",
        "2",
    )
    workshop = papers["Towards Structured Sparsity in Transformers for Efficient Inference"]
    assert workshop.entry.venue == "Workshop on Efficient Systems for Foundation Models@ ICML2023"
    assert not any(paper.selected for paper in site.papers)  # no "Selected" heading
    assert all(paper.thumbnail == "" for paper in site.papers)


def test_a_selected_publications_heading_marks_its_papers(tmp_path):
    folder = copy_site(tmp_path)
    page = folder / "_pages/publications.md"
    page.write_text(page.read_text().replace("## Preprints", "## Selected preprints"))
    papers = read(folder).papers
    assert [paper.selected for paper in papers[:7]] == [True] * 6 + [False]
    assert papers[0].entry.kind == "preprint"


def test_a_paper_without_authors_is_a_warning_with_its_line(tmp_path):
    folder = copy_site(tmp_path)
    page = folder / "_pages/publications.md"
    page.write_text(
        page.read_text().replace(
            "## Workshops\n", "## Workshops\n\n**[A lonely title](https://example.org/x)**\n\n"
        )
    )
    data = read(folder)
    assert data.warnings == ["_pages/publications.md, line 219: a paper without an author line"]
    assert len(data.papers) == 54


def test_alumni_duration_and_a_fork_with_only_template_papers(tmp_path):
    folder = copy_site(tmp_path)
    (folder / "_data/alumni_members.yml").write_text(
        "- name: Jane Roe\n  photo: jane.jpg\n  duration: Sep 2015 - Aug 2019\n"
        "  info: PhD thesis on X\n  now: Google\n"
    )
    (folder / "_pages/publications.md").unlink()
    data = read(folder)
    jane = next(member for member in data.team if member.name == "Jane Roe")
    assert (jane.joined.date, jane.joined.precision) == (date(2015, 9), "month")
    assert (jane.left.date, jane.left.precision) == (date(2019, 8), "month")
    assert (jane.alumnus, jane.info, jane.now) == (True, "PhD thesis on X", "Google")
    assert data.papers == []
    assert data.warnings == [
        "_data/publist.yml: every paper is the template's own (Allan lab); none was imported."
    ]
    assert "publications" not in [section.kind for section in data.sections]  # nothing to show


def test_venue_short_names_and_highlight_forms(tmp_path):
    folder = copy_site(tmp_path)
    (folder / "_pages/publications.md").write_text(
        "---\ntitle: Publications\nlayout: gridlay\npermalink: /publications/\n---\n\n"
        "## Conference papers\n\n"
        "**[One](https://arxiv.org/abs/2501.00001)**\nDoe, Jane; Roe, Ann\n"
        "NeurIPS’25 (**Oral**)\n\n"
        "**[Two](https://example.org/two.pdf)**\nDoe, Jane\nICML 2023 (Best Paper Award)\n\n"
        "**[Three](https://example.org/three)**\nDoe, Jane\n**ICLR2022**\n"
    )
    papers = [p for p in read(folder).papers if p.origin.path == "_pages/publications.md"]
    assert [(p.entry.venue_short, p.entry.year, p.highlights) for p in papers] == [
        ("NeurIPS 2025", 2025, ["Oral"]),
        ("ICML 2023", 2023, ["Best Paper Award"]),
        ("ICLR 2022", 2022, []),  # a bold venue is not a highlight
    ]
    assert {p.entry.kind for p in papers} == {"conference"}  # from the heading
    assert [link.kind for link in papers[1].links] == ["pdf"]


# The template's own _pages/publications.md (mpa139/allanlab @00729fcb), trimmed: Liquid
# over _data/publist.yml, and one line of text.
TEMPLATE_PUBLICATIONS_PAGE = Path(__file__).parent / "labtemplate_pages/publications-template.md"


def test_the_templates_own_publications_page_reads_the_publist(tmp_path):
    folder = copy_site(tmp_path)
    config = folder / "_config.yml"
    config.write_text(config.read_text().replace("title: The Chao Lab", "title: Allan Lab"))
    shutil.copy(TEMPLATE_PUBLICATIONS_PAGE, folder / "_pages/publications.md")
    data = read(folder)
    assert [paper.origin.path for paper in data.papers] == ["_data/publist.yml"] * 4
    reported = [item for item in data.skipped if item.origin.path == "_pages/publications.md"]
    assert [(item.origin.line, item.what[:40]) for item in reported] == [
        (14, "(For a full list see [below](#full-list)")
    ]
    assert "Group highlights" in reported[0].reason
    assert ("publications", "Publications") in [(s.kind, s.heading) for s in data.sections]
