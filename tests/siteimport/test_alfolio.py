"""The al-folio reader against two trimmed real sites (tests/siteimport/sites/al-folio/,
see its README): item by item, as a folder and as a zip, with broken files and at 10×."""

from __future__ import annotations

import dataclasses
import datetime
import re
import shutil
import time
from pathlib import Path

import pytest

from siteimport.formats import alfolio
from siteimport.source import open_site
from tests.siteimport.helpers import SEED_DATA, zipped

SITES = Path(__file__).parent / "sites"
OLDER = SITES / "al-folio" / "older"
NEWER = SITES / "al-folio" / "newer"
SEED_004 = SEED_DATA / "seed_004.txt"

FORBIDDEN = (
    re.compile(r"<script", re.I),
    re.compile(r"style=", re.I),
    re.compile(r"\{%\s"),
    re.compile(r"\{\{<"),
    re.compile(r"<!--"),
    re.compile(r"</?(?:div|span|font|p|ul|li|i|a|br|img|strong|em)\b[^>]*>", re.I),
    re.compile(r"â€|ðŸ|&nbsp;"),  # mojibake, HTML padding
)


def read(folder: Path):
    return alfolio.read(open_site(folder))


def copy(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / folder.name
    shutil.copytree(folder, target)
    return target


def strings(value):
    """Every string inside a SiteData, however deep."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


def by_heading(data):
    return [(section.kind, section.heading) for section in data.sections]


# --- detection -------------------------------------------------------------------------


@pytest.mark.parametrize("folder", [OLDER, NEWER])
def test_detect_is_high_for_al_folio_sites(folder):
    assert alfolio.detect(open_site(folder)) >= 60


def test_detect_is_zero_for_other_themes_and_plain_pages(tmp_path):
    others = []
    for theme in SITES.iterdir():
        if theme.is_dir() and theme.name != "al-folio":
            roots = [theme, *(path for path in theme.iterdir() if path.is_dir())]
            others += [root for root in roots if any((root / name).exists() for name in
                       ("_config.yml", "config", "content", "index.md", "README.md"))]
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "_config.yml").write_text("theme: jekyll-theme-minimal\n")
    seed = SEED_DATA / "seed_000.txt"
    (plain / "index.md").write_text(seed.read_text() if seed else "**Jane Doe**, a page.\n")
    for folder in [*others, plain]:
        assert alfolio.detect(open_site(folder)) == 0, folder


# --- profile ---------------------------------------------------------------------------


def test_older_profile_from_config_socials_and_about_block():
    profile = read(OLDER).profile
    assert profile.name == "Yuntong Zhang"
    assert profile.photo == "assets/img/profile_2024.jpg"
    # more_info holds the address to write to; it is an e-mail, not an address line
    assert (profile.email, profile.email_obfuscated, profile.address) == (
        "zhang.yuntong@u.nus.edu", False, "")
    assert [(link.kind, link.url) for link in profile.links] == [
        ("github", "https://github.com/yuntongzhang"),
        ("x", "https://x.com/yuntongzh"),
        ("linkedin", "https://www.linkedin.com/in/ytz"),
        ("scholar", "https://scholar.google.com/citations?user=3aKOLKEAAAAJ"),
        ("dblp", "https://dblp.org/pid/214/6986-2.html"),
    ]
    assert profile.about.startswith("Hello, I am Yuntong Zhang (张云彤).")


def test_without_a_name_in_the_config_the_scholar_block_names_the_owner(tmp_path):
    site = copy(OLDER, tmp_path)
    config = site / "_config.yml"
    config.write_text(config.read_text().replace("first_name: Yuntong\n", "")
                      .replace("last_name: Zhang\n", "", 1))
    data = read(site)
    assert (data.profile.name, data.profile.name_inferred) == ("Yuntong Zhang", False)
    assert data.warnings == []  # the photo is in the site


def test_about_subtitle_is_the_affiliation_unless_it_is_the_templates(tmp_path):
    site = copy(OLDER, tmp_path)
    about = site / "_pages/about.md"
    text = about.read_text()
    about.write_text(text.replace("subtitle:\n", "subtitle: <a href='https://www.nus.edu.sg/'>"
                                  "National University of Singapore</a>\n", 1))
    assert read(site).profile.affiliation == "National University of Singapore"
    # a real half-edited one (gwendal-jouneaux/gwendal-jouneaux.github.io, _pages/about.md)
    about.write_text(text.replace("subtitle:\n", "subtitle: <a href='https://www.list.lu'>LIST"
                                  "</a>. Address. Contacts. Motto. Etc.\n", 1))
    data = read(site)
    assert data.profile.affiliation == ""
    assert any(item.what.startswith("subtitle “LIST. Address.") and "placeholder" in item.reason
               for item in data.skipped)


def test_newer_profile_from_socials_yml_obfuscated_email_and_address():
    data = read(NEWER)
    profile = data.profile
    assert profile.name == "Zirui Liu"
    assert profile.email == "yilmaz[at]sophia.ac.jp"
    assert profile.email_obfuscated is True
    assert not any(link.url.startswith("mailto:") for link in profile.links)
    assert profile.address == "Duncan Hall, 3014\n6100 Main St\nHouston, TX 77005"
    assert profile.photo == "assets/img/profile.jpeg"
    assert ("_pages/about.md: the profile image assets/img/profile.jpeg is not in the site; "
            "add the photo by hand.") in data.warnings
    assert profile.position == "Astrophysicist"  # JSON Resume basics.label
    assert [(link.kind, link.url, link.label) for link in profile.links] == [
        ("orcid", "https://orcid.org/0000-0003-3173-1853", ""),
        ("other", "https://www.researchgate.net/profile/Emir_Yilmaz2", "ResearchGate"),
        ("scholar", "https://scholar.google.com/citations?user=R2D30vAAAAAJ", ""),
        ("other", "https://www.scopus.com/authid/detail.uri?authorId=57908475500", "Scopus"),
        ("other", "https://researchmap.jp/yilmaz?lang=en", "researchmap"),
        ("x", "https://x.com/eyilma41", ""),
        # "emir-yilmaz-4107# your LinkedIn user name": the glued-on comment is not a name
        ("linkedin", "https://www.linkedin.com/in/emir-yilmaz-4107", ""),
    ]
    assert any(item.what == "site description" and "template" in item.reason
               for item in data.skipped)


# --- the about page (seed 004) and the layout's sections ----------------------------------


def test_seed_004_is_the_newer_about_page():
    assert (NEWER / "_pages/about.md").read_bytes() == SEED_004.read_bytes()


def test_seed_004_sections_keep_the_pages_headings_and_order():
    data = read(NEWER)
    assert by_heading(data) == [
        ("about", "About me"),
        ("news", "News"),
        ("publications", "Publications"),
        ("links", "Contact"),  # social: true
    ]
    about = data.sections[0]
    assert about.origin.describe() == "_pages/about.md, line 22"
    assert about.body.startswith('I’m Zirui "Ray" Liu')  # "Iâ€™m" repaired
    assert "📧📧 Prospective students: **I am looking for" in about.body
    assert "Recently, I've been exploring" not in about.body  # an HTML comment
    assert data.sections[2].body.startswith("Please refer to [publications](")


def test_seed_004_news_list_and_news_files():
    news = read(NEWER).news
    page = [item for item in news if item.origin.path == "_pages/about.md"]
    assert len(page) == 8
    assert page[0].text.startswith("🔥🔥 Our [KIVI](https://arxiv.org/pdf/2402.02750.pdf)")
    assert {item.date.precision for item in page} == {"none"}  # the page gives no dates
    assert "KV Cache" in page[0].text and "2-bit is enough" not in " ".join(i.text for i in page)
    files = [item for item in news if item.origin.path.startswith("_news/")]
    assert [(item.text, item.date.date, item.date.precision) for item in files] == [
        ("You are the very first to see my homepage! 🥹🥹🥹", datetime.date(2024, 4, 3), "day"),
    ]


def test_older_layout_switches_become_sections_and_own_switches_are_reported():
    data = read(OLDER)
    assert by_heading(data) == [
        ("about", ""), ("news", "News"), ("publications", "Selected publications"),
        ("links", "Contact"),
    ]
    reported = {item.what: item.reason for item in data.skipped}
    assert "its content is not on the about page" in reported["section “talks”"]
    assert "section “services”" in reported


def test_the_templates_sample_biography_is_skipped(tmp_path):
    site = copy(OLDER, tmp_path)
    about = site / "_pages/about.md"
    text = about.read_text()
    start = text.index("<!--\nWrite your biography")
    about.write_text(text[:start] + "## Bio\n" + text[start + 5:].replace("-->", "", 1))
    data = read(site)
    assert [heading for _kind, heading in by_heading(data)] == [
        "", "News", "Selected publications", "Contact"]
    assert any(item.what == "section “Bio”" and "sample biography" in item.reason
               for item in data.skipped)


def test_heading_kinds_keep_custom_headings_custom():
    from siteimport.text.headings import section_kind as heading_kind

    assert heading_kind("🔥 News") == "news"
    assert heading_kind("🎖 Honors and Awards") == "awards"
    assert heading_kind("Research Interests") == "interests"
    assert heading_kind("📖 Educations") == "education"
    assert heading_kind("💬 Invited Talks") == "talks"
    assert heading_kind("Selected Publications") == "publications"
    assert heading_kind("Open Source Projects") == "custom"


def test_about_sections_with_dated_lists_become_items(tmp_path):
    site = copy(OLDER, tmp_path)
    about = site / "_pages/about.md"
    about.write_text(about.read_text() + (
        "\n## 🎖 Honors and Awards\n- *2023.06* Outstanding Graduates, <span style='color:red'>"
        "Shaanxi</span>.\n\n## Research Interests\n- Program repair\n- LLM agents\n\n"
        "## 💬 Invited Talks\n- *2024.05*, [Invited Talk] AutoCodeRover at NUS.\n\n"
        "## Open Source Projects\n<div class=\"row\">{% include repo.liquid %}"
        "[al-folio](https://github.com/alshedivat/al-folio)</div>\n"
    ))
    data = read(site)
    assert by_heading(data)[1:5] == [
        ("awards", "🎖 Honors and Awards"), ("interests", "Research Interests"),
        ("talks", "💬 Invited Talks"), ("custom", "Open Source Projects"),
    ]
    award = next(award for award in data.awards if award.origin.path == "_pages/about.md")
    assert (award.title, award.date.date, award.date.precision) == (
        "Outstanding Graduates, Shaanxi.", datetime.date(2023, 6, 1), "month")
    assert [interest.title for interest in data.interests] == ["Program repair", "LLM agents"]
    talk = next(entry for entry in data.cv if entry.kind == "talk")
    assert (talk.talk_kind, talk.start.precision) == ("invited", "month")
    assert data.sections[4].body == "[al-folio](https://github.com/alshedivat/al-folio)"


# --- news files ------------------------------------------------------------------------


def test_older_news_files_dates_to_the_day_and_inline_html_as_markdown():
    data = read(OLDER)
    assert [(item.date.date, item.date.precision, item.origin.describe()) for item in
            data.news] == [
        (datetime.date(2025, 10, 17), "day", "_news/icse_26.md, line 7"),
        (datetime.date(2021, 8, 1), "day", "_news/phd.md, line 7"),
    ]
    assert "top-down *action abstraction* grounded" in data.news[0].text
    assert data.news[1].text == ":sparkles: Started my PhD!"


def test_template_news_is_skipped_with_the_reason():
    for folder, path in ((OLDER, "_news/announcement_1.md"), (NEWER, "_news/announcement_2.md")):
        data = read(folder)
        skipped = [item for item in data.skipped if item.origin and item.origin.path == path]
        assert len(skipped) == 1 and "demo announcement" in skipped[0].reason
        assert not any("announcement" in item.text.casefold() for item in data.news)


# --- CV --------------------------------------------------------------------------------


def test_older_cv_yml_entries_at_their_precision():
    data = read(OLDER)
    rows = [(entry.kind, entry.title, entry.organisation, entry.start.date, entry.start.precision,
             entry.end.date, entry.end.precision) for entry in data.cv]
    assert rows == [
        ("education", "PhD in Computer Science", "National University of Singapore, Singapore",
         datetime.date(2021, 1, 1), "year", None, "none"),  # "2021 - Now": ongoing
        ("education", "Bachelor's degree in Computer Science",
         "National University of Singapore, Singapore", datetime.date(2017, 1, 1), "year",
         datetime.date(2021, 1, 1), "year"),
        ("position", "AI Researcher (part-time)", "SonarSource, Singapore",
         datetime.date(2025, 2, 1), "month", None, "none"),
        ("position", "Research Intern", "Oracle Labs, Australia (remote)",
         datetime.date(2024, 9, 1), "month", datetime.date(2024, 12, 1), "month"),
        ("position", "Software Engineering Intern", "Sea Group, Singapore",
         datetime.date(2019, 1, 1), "year", None, "none"),
    ]
    assert data.cv[0].description == (
        "- Advised by Prof. [Abhik Roychoudhury](https://abhikrc.com/).")
    assert [(award.title, award.date.date.year, award.date.precision) for award in
            data.awards] == [
        ("Dean's Graduate Research Excellence Award (NUS School of Computing).", 2025, "year"),
        ("Research Achievement Award (NUS School of Computing).", 2022, "year"),
        ("Outstanding Undergraduate Researcher Prize (NUS).", 2021, "year"),
    ]
    assert data.awards[0].description.startswith("Given to senior PhD students")
    assert any(item.what == "CV section “General Information”" for item in data.skipped)


def test_newer_resume_json_entries_and_what_it_does_not_carry():
    data = read(NEWER)
    rows = [(entry.kind, entry.title, entry.start.date, entry.start.precision,
             entry.end.precision) for entry in data.cv]
    assert rows == [
        ("position", "Royal Society Dorothy Hodgkin Fellow", datetime.date(2023, 10, 1), "day",
         "none"),  # "present"
        ("position", "Postdoctoral Researcher", datetime.date(2017, 10, 1), "day", "day"),
        ("education", "PhD in Physics & Astronomy", datetime.date(2013, 9, 1), "day", "day"),
    ]
    assert [(award.title, award.granting_body, award.date.precision) for award in
            data.awards] == [
        ("Dorothy Hodgkin Fellowship", "The Royal Society", "year"),
        ("Durham Physics Developing Talent Award", "Durham University", "year"),
    ]
    reasons = {item.what: item.reason for item in data.skipped}
    assert "bib" in reasons["resume.json publications: “Zur Elektrody/namik bewegter Körper”"]


# --- papers ----------------------------------------------------------------------------


def test_older_papers_co_first_owner_selected_links_and_venue():
    papers = read(OLDER).papers
    assert [paper.entry.key for paper in papers] == ["useagent", "efffix", "fuzzrepair",
                                                     "vulnfix"]
    useagent = papers[0]
    assert [(author.name, author.equal_contribution) for author in
            useagent.entry.authors[:3]] == [
        ("Leonhard Applis", True), ("Yuntong Zhang", True), ("Shanchao Liang", False)]
    assert [paper.owner_index for paper in papers] == [1, 0, 0, 0]
    assert [paper.selected for paper in papers] == [True, True, False, True]
    assert useagent.entry.venue_short == "ICSE26"  # al-folio's abbr
    assert [(link.kind, link.url) for link in papers[1].links] == [
        ("arxiv", "https://arxiv.org/abs/2308.00294"),
        ("code", "https://github.com/nus-apr/EffFix"),
    ]
    assert [(link.kind, link.url) for link in papers[3].links] == [
        ("code", "https://github.com/yuntongzhang/vulnfix"),
        ("video", "https://www.youtube.com/watch?v=w-3wa-ecEaM"),
    ]
    assert papers[3].origin.describe() == "_bibliography/papers.bib, line 48"


def test_local_pdf_files_are_reported_not_dropped():
    skipped = {item.what: item for item in read(OLDER).skipped}
    assert "attach it" in skipped["pdf file assets/pdf/EffFix.pdf"].reason
    assert skipped["pdf file assets/pdf/vulnfix.pdf"].origin.line == 48


def test_template_papers_are_skipped_with_the_reason():
    for folder, titles in (
        (OLDER, {"The meaning of relativity",
                 "Can Quantum-Mechanical Description of Physical Reality Be Considered Complete?"}),
        (NEWER, {"Über einen die Erzeugung und Verwandlung des Lichtes betreffenden "
                 "heuristischen Gesichtspunkt", "Letters on wave mechanics"}),
    ):
        data = read(folder)
        skipped = {item.what for item in data.skipped if "demo bibliography" in item.reason}
        assert skipped == {f"paper “{title}”" for title in titles}
        assert not any("Einstein" in author.name for paper in data.papers
                       for author in paper.entry.authors)


def test_newer_papers_thumbnails_and_selected():
    papers = read(NEWER).papers
    assert [(paper.entry.key, paper.thumbnail, paper.selected) for paper in papers] == [
        ("fu2024anyhome", "assets/img/publication_preview/publication_anyhome.jpg", True),
        ("wen2023chatgptbias", "assets/img/publication_preview/publication_gptbias.png", False),
    ]
    assert papers[0].entry.arxiv_id == "2312.06644"


def test_award_fields_and_scholar_ids_of_an_owners_paper(tmp_path):
    """The template's full-feature entries, as an owner's own papers (keys changed)."""
    site = copy(NEWER, tmp_path)
    bib = site / "_bibliography/papers.bib"
    epr = (OLDER / "_bibliography/papers.bib").read_text().split("@article{PhysRev.47.777")[1]
    bib.write_text(bib.read_text().replace("einstein1905photoelectriceffect", "photoelectric")
                   + "\n@article{epr" + epr)
    papers = {paper.entry.key: paper for paper in read(site).papers}
    assert papers["photoelectric"].highlights == ["Nobel Prize"]
    assert papers["photoelectric"].entry.venue_short == "Ann. Phys."
    epr = papers["epr"]
    assert epr.scholar_id == "R2D30vAAAAAJ:qyhmnyLat1gC"
    assert [author.equal_contribution for author in epr.entry.authors] == [True, True, True]
    assert [(link.kind, link.label) for link in epr.links] == [("other", "HTML")]
    assert epr.entry.doi == "10.1103/PhysRev.47.777"


# --- every field, every origin, folder and zip ----------------------------------------------


@pytest.mark.parametrize("folder", [OLDER, NEWER])
def test_nothing_forbidden_left_in_any_text(folder):
    data = dataclasses.asdict(read(folder))
    for text in strings({key: value for key, value in data.items() if key != "skipped"}):
        for pattern in FORBIDDEN:
            assert not pattern.search(text), (pattern.pattern, text[:200])


@pytest.mark.parametrize("folder", [OLDER, NEWER])
def test_every_item_names_a_file_of_the_site(folder):
    data = read(folder)
    files = set(open_site(folder).files())
    items = [*data.sections, *data.news, *data.awards, *data.cv, *data.papers, *data.skipped]
    assert items
    for item in items:
        assert item.origin is not None and item.origin.path in files, item
    for item in [*data.news, *data.papers, *data.sections]:
        assert item.origin.line, item


@pytest.mark.parametrize("folder", [OLDER, NEWER])
def test_folder_and_zip_read_the_same(folder, tmp_path):
    from_zip = alfolio.read(open_site(zipped(folder, tmp_path)))
    assert alfolio.detect(open_site(zipped(folder, tmp_path))) == alfolio.detect(open_site(folder))
    assert dataclasses.asdict(from_zip) == dataclasses.asdict(read(folder))


# --- broken files ----------------------------------------------------------------------


def test_bad_yaml_in_the_config_is_a_warning_naming_the_line(tmp_path):
    site = copy(OLDER, tmp_path)
    config = site / "_config.yml"
    config.write_text(config.read_text().replace("last_name: Zhang\n", "last_name: [Zhang\n", 1))
    data = read(site)
    assert any(re.match(r"_config\.yml, line \d+: cannot read the YAML", warning)
               for warning in data.warnings), data.warnings
    assert len(data.papers) == 4 and len(data.news) == 2 and len(data.cv) == 5


def test_a_broken_about_page_is_a_warning_and_the_rest_reads(tmp_path):
    site = copy(NEWER, tmp_path)
    about = site / "_pages/about.md"
    about.write_text(about.read_text().replace("  align: right", "  align: [right", 1))
    assert alfolio.detect(open_site(site)) > 0  # the bibliography and news still say al-folio
    data = read(site)
    assert any(re.match(r"_pages/about\.md, line \d+: cannot read the YAML.*not read", warning)
               for warning in data.warnings), data.warnings
    assert data.sections == [] and len(data.papers) == 2 and len(data.news) == 1


def test_bad_bibtex_is_a_warning_naming_the_entry_and_the_rest_reads(tmp_path):
    site = copy(OLDER, tmp_path)
    bib = site / "_bibliography/papers.bib"
    bib.write_text(bib.read_text().replace("year = {2023}\n}", "year = {2023\n}", 1))
    data = read(site)
    assert any(warning.startswith("_bibliography/papers.bib, line") for warning in data.warnings)
    assert {"useagent", "efffix"} <= {paper.entry.key for paper in data.papers}


def test_bad_front_matter_in_a_news_file_skips_only_that_file(tmp_path):
    site = copy(OLDER, tmp_path)
    (site / "_news/phd.md").write_text("---\nlayout: post\ndate: [2021\n---\n\nText\n")
    (site / "_news/announcement_1.md").write_text("---\n- 1\n- 2\n---\n\nText\n")
    (site / "assets/json").mkdir(parents=True)
    (site / "assets/json/resume.json").write_text('{"work": [\n  {"name": "x",}\n]}')
    data = read(site)
    assert any(warning.startswith("_news/phd.md, line") and "not read" in warning
               for warning in data.warnings), data.warnings
    assert any(warning.startswith("assets/json/resume.json, line 2") for warning in data.warnings)
    # a front matter that is a list, not settings: the text is read, undated
    assert [(item.origin.path, item.date.precision) for item in data.news] == [
        ("_news/announcement_1.md", "none"), ("_news/icse_26.md", "day")]
    assert len(data.papers) == 4


# --- linear time -------------------------------------------------------------------------


def _grown(tmp_path: Path, times: int) -> Path:
    site = copy(OLDER, tmp_path / str(times))
    bib = site / "_bibliography/papers.bib"
    text = bib.read_text()
    own = text.split("@article{einstein1950meaning")[0].replace("---\n---\n", "")
    bib.write_text("".join(re.sub(r"(@\w+\{)(\w+),", rf"\g<1>\g<2>{copy_}x,", own)
                           for copy_ in range(times)))
    news = (site / "_news/icse_26.md").read_text()
    for copy_ in range(times * 10):
        (site / f"_news/extra_{copy_:04d}.md").write_text(news)
    return site


def test_reading_grows_linearly_with_papers_and_news(tmp_path):
    timings = {}
    for times in (4, 40):
        site = _grown(tmp_path, times)
        alfolio.read(open_site(site))  # warm caches (name normalisation is memoised)
        started = time.perf_counter()
        data = alfolio.read(open_site(site))
        timings[times] = time.perf_counter() - started
        assert len(data.papers) == 4 * times
        assert len(data.news) == 10 * times + 2  # icse_26.md and phd.md stay
    assert timings[40] < timings[4] * 25, timings  # 10× the data: far from 100×


def test_the_registry_names_this_reader():
    from siteimport.formats import read_site, reader

    assert reader("al-folio") is alfolio
    assert read_site(open_site(OLDER), format="al-folio").format == "al-folio"


# RenderCV's _data/cv.yml, as a real al-folio user documents theirs (search index file
# 60471668172, "CV (rendercv format)"), trimmed.
RENDERCV = """\
cv:
  name: Jesus Alexander Gomez Gomez
  label: Embedded Systems Engineer
  location: Mexico City metro area
  summary: One paragraph elevator pitch.

  social_networks:
    - network: GitHub
      username: alexandergmzx

  sections:
    Education:
      - institution: University name
        location: City, Country
        url: https://example.com
        area: Field of study
        studyType: Bachelor of Engineering
        start_date: 2014-08
        end_date: 2019-12
        highlights:
          - Bullet point 1

    Experience:
      - company: Company name
        position: Job title
        location: City, Country
        start_date: 2022-01
        end_date: present
        summary: One-line role summary.
        highlights:
          - Achievement bullet

    Skills:
      - name: Embedded Systems
        keywords: "RTOS development, embedded Linux, real-time systems"
"""


def test_rendercv_cv_yml_entries_at_their_precision(tmp_path):
    site = copy(OLDER, tmp_path)
    (site / "_data/cv.yml").write_text(RENDERCV)
    data = read(site)
    assert [(entry.kind, entry.title, entry.organisation, entry.start.date,
             entry.start.precision, entry.end.precision) for entry in data.cv] == [
        ("education", "Bachelor of Engineering in Field of study", "University name",
         datetime.date(2014, 8, 1), "month", "month"),
        ("position", "Job title", "Company name", datetime.date(2022, 1, 1), "month", "none"),
    ]
    assert data.cv[1].description == "One-line role summary.\n- Achievement bullet"
    assert any(item.what == "CV section “Skills”" for item in data.skipped)
