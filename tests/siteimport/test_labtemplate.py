"""The lab-template reader on a fork of the Allan Lab template built from real files
(tests/siteimport/sites/lab-template/README.md names each file's repository and commit):
the lab, its pages, news and team; clean text, origins, broken files, size. Papers are in
test_labtemplate_papers.py. Pure: no database; the folder and the zip are both read."""

from __future__ import annotations

import dataclasses
import re
import time
from pathlib import Path

import pytest

from siteimport.formats import labtemplate
from siteimport.formats import labtemplate_leftovers as leftovers
from siteimport.source import open_site
from tests.siteimport.helpers import zipped
from tests.siteimport.labtemplate_site import (
    SEEDS,
    SITE,
    SITES,
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


# --- detection -------------------------------------------------------------------------


def test_detect_scores_the_template_high_from_folder_and_zip(tmp_path):
    assert labtemplate.detect(open_site(SITE)) == 100
    assert labtemplate.detect(open_site(zipped(SITE, tmp_path))) == 100


OTHER_SITES = sorted(path for path in SITES.iterdir() if path.is_dir() and path != SITE)


@pytest.mark.parametrize("folder", OTHER_SITES, ids=[path.name for path in OTHER_SITES])
def test_detect_is_zero_for_the_other_themes_fixture_sites(folder):
    assert labtemplate.detect(open_site(folder)) == 0


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("seed_*.txt")), ids=lambda path: path.stem[-3:])
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
    assert [member.origin.line for member in site.team[:2]] == [18, 1]


def test_template_members_and_invitation_are_skipped_with_reasons(site):
    skipped = {(item.what, item.origin.path): item.reason for item in site.skipped}
    for name in ("Milan P Allan", "Jianfeng (Jacky) Ge", "Damianos Chatzopoulos"):
        assert skipped[(name, "_data/team_members.yml")] == leftovers.TEMPLATE_MEMBER
    assert skipped[("Joey Braspenning", "_data/students.yml")] == leftovers.TEMPLATE_MEMBER
    assert skipped[("This could be you !", "_data/team_members.yml")] == leftovers.INVITATION
    for visitor in ("Nikolaos Iliopoulos, Spring 2016", "Vitaly Fedoseev, all of 2016"):
        assert skipped[(visitor, "_data/alumni_visitors.yml")] == leftovers.TEMPLATE_MEMBER
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
    visitor = team["Vitaly Fedoseev"]  # "Vitaly Fedoseev, all of 2016"
    assert (visitor.group, visitor.alumnus) == ("visitor", True)
    assert (visitor.joined.date, visitor.joined.precision) == (date(2016), "year")
    assert (visitor.left.date, visitor.left.precision) == (date(2016), "year")
    kemal = team["Kemal Demir"]  # "Kemal Demir, Summer 2019"
    assert (kemal.group, kemal.left.date, kemal.left.precision) == ("visitor", date(2019), "year")


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
    assert counts[1] == (54, 7, 5)
    assert counts[10] == (540, 70, 41)  # 40 alumni and the one member
    # Quadratic work would take ~100 times as long; linear is ~10 (slack for a busy machine).
    assert timings[10] < 30 * timings[1] + 0.5


def test_entries_without_a_name_or_headline_are_warnings(tmp_path):
    folder = copy_site(tmp_path)
    (folder / "_data/alumni_visitors.yml").write_text("- name: Ann Lee, Fall 2020\n- just text\n")
    news = folder / "_data/news.yml"
    news.write_text(news.read_text() + "- date: May 2021\n")
    config = folder / "_config.yml"
    config.write_text(config.read_text().replace("title: The Chao Lab\n", ""))
    data = read(folder)
    assert data.warnings == [
        "_data/news.yml, line 15: a news item without a headline",
        "_data/alumni_visitors.yml, line 2: an entry without a name; not imported",
    ]
    assert "Ann Lee" in [member.name for member in data.team]
    assert data.profile.name == "Daniel Soudry"  # no title: the home page's "Daniel Soudry - Home"


def test_other_pages_are_custom_sections_unless_the_templates_own(site, allan_site):
    assert [(item.what, item.reason) for item in site.skipped if item.what == "Openings"] == [
        ("Openings", leftovers.TEMPLATE_PAGE)
    ]
    openings = [s for s in allan_site.sections if s.kind == "custom" and s.heading == "Openings"]
    assert len(openings) == 1 and openings[0] is allan_site.sections[-1]
    body = openings[0].body
    assert body.startswith("We are currently looking for new group members")  # no "# Openings"
    assert "send me an [email](mailto:milan.allan@gmail.com)." in body
    assert body.endswith("![](/images/picpic/Gallery/DSC_0696.jpg)")
    assert (openings[0].origin.path, openings[0].origin.line) == ("_pages/openings.md", 9)
