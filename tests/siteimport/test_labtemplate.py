"""The lab-template reader on a fork of the Allan Lab template built from real files
(tests/siteimport/sites/lab-template/README.md names each file's repository and commit).

Pure: no database; every test reads the folder, and the zip where it matters."""

from __future__ import annotations

import dataclasses
import datetime
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from siteimport.formats import labtemplate
from siteimport.formats import labtemplate_leftovers as leftovers
from siteimport.source import open_site

SITES = Path(__file__).parent / "sites"
SITE = SITES / "lab-template"
SEEDS = Path("/work/shared/seeds")


def zipped(folder: Path, tmp_path: Path) -> Path:
    """The site as GitHub's "Download ZIP" gives it: everything under "<repo>-main/"."""
    archive = tmp_path / "site.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                out.write(path, f"labsite-main/{path.relative_to(folder).as_posix()}")
    return archive


def copy_site(tmp_path: Path, name: str = "copy") -> Path:
    target = tmp_path / name
    shutil.copytree(SITE, target)
    return target


def read(folder: Path):
    return labtemplate.read(open_site(folder))


@pytest.fixture(scope="module")
def site():
    return read(SITE)


@pytest.fixture(scope="module")
def allan_site(tmp_path_factory):
    """The same files as the Allan lab's own site: the template's content is its data."""
    folder = copy_site(tmp_path_factory.mktemp("allan"))
    config = folder / "_config.yml"
    config.write_text(config.read_text().replace("title: The Chao Lab", "title: Allan Lab"))
    return read(folder)


def date(year, month=1, day=1):
    return datetime.date(year, month, day)


# --- detection -------------------------------------------------------------------------


def test_detect_scores_the_template_high_from_folder_and_zip(tmp_path):
    assert labtemplate.detect(open_site(SITE)) == 100
    assert labtemplate.detect(open_site(zipped(SITE, tmp_path))) == 100


OTHER_SITES = sorted(path for path in SITES.iterdir() if path.is_dir() and path != SITE)


@pytest.mark.parametrize("folder", OTHER_SITES, ids=[path.name for path in OTHER_SITES])
def test_detect_is_zero_for_the_other_themes_fixture_sites(folder):
    assert labtemplate.detect(open_site(folder)) == 0


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda path: path.stem[:3])
def test_detect_is_zero_for_a_plain_page(seed, tmp_path):
    (tmp_path / "index.md").write_text(seed.read_text())
    (tmp_path / "_config.yml").write_text("theme: jekyll-theme-minimal\n")
    assert labtemplate.detect(open_site(tmp_path)) == 0


# --- profile, about and sections ---------------------------------------------------------


def test_profile_is_the_lab_of_config_yml(site):
    profile = site.profile
    assert site.format == "lab-template"
    assert profile.name == "The Chao Lab"
    assert profile.bio == "Website of the Chao Lab."
    assert (profile.email, profile.email_obfuscated) == ("", False)  # `email:` left empty
    assert profile.origin.path == "_config.yml"


def test_an_obfuscated_email_stays_text(tmp_path):
    folder = copy_site(tmp_path)
    config = folder / "_config.yml"
    config.write_text(config.read_text().replace("email:\n", "email: chao [at] uottawa.ca\n"))
    team = folder / "_data/team_members.yml"
    team.write_text(team.read_text().replace("kkinning@stowers.org", "kkinning at stowers.org"))
    data = read(folder)
    assert (data.profile.email, data.profile.email_obfuscated) == ("chao [at] uottawa.ca", True)
    kohl = next(member for member in data.team if member.name == "Kohl Kinning")
    assert (kohl.email, kohl.email_obfuscated) == ("kkinning at stowers.org", True)
    assert not any("mailto:" in link.url for link in data.profile.links)


def test_about_is_the_home_page_as_clean_markdown(site):
    about = site.profile.about
    assert about.startswith("**Daniel Soudry**\n\nWelcome to my home page !")
    assert "[Technion](https://www.technion.ac.il/en/home-2/)" in about
    assert "[(more info)](/team)" in about  # {{ site.url }}{{ site.baseurl }} dropped
    assert "![Slide 1](/images/slider7001400/SoudryHome.jpg)" in about
    assert "Short Bio\n\nI did my post-doc" in about  # paragraphs kept apart
    for gone in ("carousel", "Previous", "glyphicon", "<", "{{", "{%", "Menu", "\\*"):
        assert gone not in about


def test_sections_follow_the_site_with_its_own_headings(site):
    sections = [(section.kind, section.heading) for section in site.sections]
    assert sections == [
        ("about", ""),
        ("news", "News"),
        ("team", "Research Group"),  # "Research Group | biLAB"
        ("custom", "Join Us!"),
        ("custom", "High school students hosted"),
        ("publications", "Publications"),  # "InfiniAI Lab - Publications"
    ]
    join, hosted = site.sections[3], site.sections[4]
    assert join.body.startswith("Positions are available at [PhD](/downloads/Flier-PhD")
    assert join.body.endswith("![](/images/research_group.jpeg)")
    assert hosted.body == (
        "Summer 2018:\nTina Wong, **Stuyvesant High School**\n"
        "Daniel Gomez, **Stuyvesant High School**"
    )
    assert (hosted.origin.path, hosted.origin.line) == ("_pages/team.md", 51)
    # The commented-out "# Our Lab" block and the Liquid loops leave nothing behind.
    assert not any("biLAB" in section.body for section in site.sections)


# --- news --------------------------------------------------------------------------------


def test_news_have_their_dates_at_month_precision(site):
    news = site.news
    assert len(news) == 7
    assert [(item.date.date, item.date.precision) for item in news] == [
        (date(2022, 11), "month"),
        (date(2022, 11), "month"),
        (date(2022, 10), "month"),
        (date(2022, 9), "month"),
        (date(2022, 9), "month"),
        (date(2022, 6), "month"),
        (date(2022, 6), "month"),
    ]
    assert [item.origin.line for item in news] == [1, 3, 5, 7, 9, 11, 13]
    assert news[0].text.startswith("CONICET awarded our project DIVERSIFICACIÓN EN AMBIENTES")
    assert "in the **XXXIII Jornadas Argentinas de Mastozoología** in Puerto" in news[1].text
    assert news[2].text.startswith("Lara presented *Genética del paisaje comparada")
    assert "[Mammalian Biology](https://doi.org/10.1007/s42991-022-00306-7)!!" in news[4].text


def test_news_dates_at_day_and_year_precision(tmp_path):
    folder = copy_site(tmp_path)
    (folder / "_data/news.yml").write_text(
        "- date: 23. January 2018\n  headline: Day.\n"
        "- date: 15 March, 2024\n  headline: Day with a comma.\n"
        "- date: 2019\n  headline: Year.\n"
        "- date: soon\n  headline: No date.\n"
    )
    news = read(folder).news
    assert [(item.date.date, item.date.precision) for item in news] == [
        (date(2018, 1, 23), "day"),
        (date(2024, 3, 15), "day"),
        (date(2019), "year"),
        (None, "none"),
    ]
    assert news[3].text == "No date."


# --- team ----------------------------------------------------------------------------------


def test_team_keeps_the_forks_people_with_groups_and_periods(site):
    team = {member.name: member for member in site.team}
    assert list(team) == [
        "Kohl Kinning",
        "Chunzhi Su",
        "Trinabh Gupta",
        "Chao Xie",
        "Manos Kapritsos",
        "Nikolaos Iliopoulos",
        "Vitaly Fedoseev",
        "Kemal Demir",
    ]
    kohl = team["Kohl Kinning"]
    assert (kohl.group, kohl.position, kohl.alumnus) == ("staff", "Bioinformaticist", False)
    assert kohl.group_heading == "PhD Students"  # the team page's heading over its file
    assert kohl.photo == "images/teampic/kohl_kinning.jpg"
    assert (
        kohl.info
        == "- B.A. Biology, Lewis and Clark College\n- M.Sc. Biology, University of Oregon"
    )
    su = team["Chunzhi Su"]
    assert (su.group, su.alumnus, su.now, su.group_heading) == ("phd", True, "Google", "Alumni")
    assert (su.left.date, su.left.precision, su.joined.precision) == (date(2018), "year", "none")
    assert su.info.startswith("Bringing Modular Concurrency Control to the Next Level, UT Austin")
    assert team["Manos Kapritsos"].now == "Assistant Professor, University of Michigan Ann Arbor"
    visitor = team["Vitaly Fedoseev"]  # "Vitaly Fedoseev, all of 2016"
    assert (visitor.group, visitor.alumnus) == ("visitor", True)
    assert (visitor.joined.date, visitor.joined.precision) == (date(2016), "year")
    assert (team["Kemal Demir"].left.date, team["Kemal Demir"].left.precision) == (
        date(2019),
        "year",
    )
    assert [member.origin.line for member in site.team[:2]] == [18, 1]


def test_template_members_and_invitation_are_skipped_with_reasons(site):
    skipped = {(item.what, item.origin.path): item.reason for item in site.skipped}
    for name in ("Milan P Allan", "Jianfeng (Jacky) Ge", "Damianos Chatzopoulos"):
        assert skipped[(name, "_data/team_members.yml")] == leftovers.TEMPLATE_MEMBER
    assert skipped[("Joey Braspenning", "_data/students.yml")] == leftovers.TEMPLATE_MEMBER
    assert skipped[("This could be you !", "_data/team_members.yml")] == leftovers.INVITATION
    names = {member.name for member in site.team}
    assert not names & {"Milan P Allan", "This could be you !", "Joey Braspenning"}


def test_the_allan_labs_own_site_keeps_its_members(allan_site):
    team = {member.name: member for member in allan_site.team}
    milan = team["Milan P Allan"]
    assert (milan.group, milan.position) == ("faculty", "Associate professor")
    assert (milan.joined.date, milan.joined.precision) == (date(2015, 1), "month")
    assert milan.info.startswith(
        "- Master ETHZ, Diplomarbeit with [J Osterwalder](http://www.physik.uzh.ch/groups/"
    )
    jacky = team["Jianfeng (Jacky) Ge"]
    assert (jacky.group, jacky.joined.date, jacky.joined.precision) == (
        "postdoc",
        date(2019, 10),
        "month",
    )
    phd = team["Damianos Chatzopoulos"]
    assert (phd.group, phd.joined.date, phd.joined.precision) == ("phd", date(2017, 12), "month")
    joey = team["Joey Braspenning"]
    assert (joey.group, joey.joined.date, joey.joined.precision) == (
        "undergrad",
        date(2017),
        "year",
    )
    assert joey.photo == ""  # rock.jpg is the template's stand-in
    assert any(
        item.what == "Joey Braspenning: rock.jpg" and item.reason == leftovers.STAND_IN_PHOTO
        for item in allan_site.skipped
    )
    assert "This could be you !" not in team  # an invitation even on the Allan lab's site


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


# --- everything, everywhere -----------------------------------------------------------------

FORBIDDEN = re.compile(
    r"<script|style=|\{%|\{\{|\{\{<|&nbsp;|<!--|<(?:div|span|font|ul|li|p|br|img|figure|a|strong|em|i|b|h\d)\b",
    re.I,
)


def _texts(value, where="data"):
    if dataclasses.is_dataclass(value):
        for item in dataclasses.fields(value):
            yield from _texts(getattr(value, item.name), f"{where}.{item.name}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, f"{where}[{index}]")
    elif isinstance(value, str):
        yield where, value


@pytest.mark.parametrize("which", ["fork", "allan"])
def test_nothing_forbidden_is_left_in_any_text(which, site, allan_site):
    data = site if which == "fork" else allan_site
    texts = list(_texts(data))
    assert len(texts) > 500
    bad = [(where, text[:80]) for where, text in texts if FORBIDDEN.search(text)]
    assert bad == []


def test_every_item_carries_its_origin(site):
    source = open_site(SITE)
    for item in [*site.news, *site.team, *site.papers, *site.skipped]:
        assert source.exists(item.origin.path), item
        assert isinstance(item.origin.line, int) and item.origin.line >= 1, item
    for section in site.sections:
        assert source.exists(section.origin.path)


def test_folder_and_zip_give_the_same_data(site, tmp_path):
    from_zip = labtemplate.read(open_site(zipped(SITE, tmp_path)))
    assert dataclasses.asdict(from_zip) == dataclasses.asdict(site)


# --- broken files ---------------------------------------------------------------------------


def test_bad_yaml_names_the_file_and_line_and_the_rest_reads(tmp_path):
    folder = copy_site(tmp_path)
    news = folder / "_data/news.yml"
    lines = news.read_text().split("\n")
    lines[4] = "- date: October 2022\n  headline: [unclosed"
    news.write_text("\n".join(lines))
    (folder / "_data/alumni_members.yml").write_text("- name: A\n  info: x: y: z\n")
    data = read(folder)
    assert data.news == []
    assert [warning.split(":")[0] for warning in data.warnings] == [
        "_data/news.yml, line 7",
        "_data/alumni_members.yml, line 2",
    ]
    assert "cannot read the YAML" in data.warnings[0]
    assert len(data.papers) == 54 and "Kohl Kinning" in [m.name for m in data.team]
    assert not any(member.origin.path == "_data/alumni_members.yml" for member in data.team)


def test_bad_front_matter_skips_that_page_only(tmp_path):
    folder = copy_site(tmp_path)
    team = folder / "_pages/team.md"
    team.write_text(team.read_text().replace("layout: gridlay", "layout: [gridlay"))
    data = read(folder)
    assert len(data.warnings) == 1 and data.warnings[0].startswith("_pages/team.md, line")
    assert len(data.papers) == 54 and len(data.news) == 7 and data.team


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


def test_a_publist_that_is_not_a_list_reads_as_nothing(tmp_path):
    folder = copy_site(tmp_path)
    (folder / "_data/publist.yml").write_text("title: not a list\n")
    (folder / "_data/team_members.yml").write_bytes(b"\xff\xfe- name: \x00\x00\n")
    data = read(folder)  # no traceback
    assert len(data.papers) == 54
    assert all(isinstance(warning, str) for warning in data.warnings)


# --- size ----------------------------------------------------------------------------------


def _scaled(tmp_path: Path, factor: int) -> Path:
    folder = copy_site(tmp_path, f"x{factor}")
    page = folder / "_pages/publications.md"
    meta, _, body = page.read_text().partition("\n---\n")
    page.write_text(meta + "\n---\n" + body * factor)
    news = folder / "_data/news.yml"
    news.write_text(news.read_text() * factor)
    team = folder / "_data/alumni_members.yml"
    team.write_text(team.read_text() * factor)
    return folder


def test_time_and_counts_grow_linearly(tmp_path):
    timings = {}
    counts = {}
    for factor in (1, 10):
        folder = _scaled(tmp_path, factor)
        start = time.perf_counter()
        data = read(folder)
        timings[factor] = time.perf_counter() - start
        counts[factor] = (len(data.papers), len(data.news), len(data.team))
    assert counts[1] == (54, 7, 8)
    assert counts[10] == (540, 70, 44)  # 40 alumni, the one member, three visitors
    # Quadratic work would take ~100 times as long; linear is ~10 (slack for a busy machine).
    assert timings[10] < 30 * timings[1] + 0.5


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
