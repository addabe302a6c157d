"""The plain markdown reader on seed 000 (a real page with no front matter), as a folder and
as a GitHub "Download ZIP"."""

import pytest

from siteimport.formats import detect_format, markdown, read_site
from siteimport.source import open_site
from tests.siteimport.helpers import site_folder, zip_folder


@pytest.fixture(params=["folder", "zip"])
def source(request, tmp_path):
    folder = site_folder(tmp_path, "markdown", images=["aurick.jpg"])
    return open_site(folder if request.param == "folder" else zip_folder(folder))


def test_the_page_is_detected_as_plain_markdown(source):
    assert detect_format(source) == "markdown"


def test_the_name_is_inferred_from_the_bold_author_and_reported_so(source):
    site = read_site(source)
    assert site.profile.name == "Aurick Qiao"
    assert site.profile.name_inferred is True


def test_profile_photo_links_and_obfuscated_email(source):
    profile = markdown.read(source).profile
    assert profile.photo == "aurick.jpg"
    assert [(link.kind, link.url) for link in profile.links] == [
        ("linkedin", "https://www.linkedin.com/in/aurickq/"),
        ("x", "https://x.com/aurickq"),
        ("scholar", "https://scholar.google.com/citations?user=DOM7ToIAAAAJ&hl=en"),
    ]
    assert profile.email == "contact (at) [my first name] (dot) net"
    assert profile.email_obfuscated
    # The riddle names no address: it stays in the text, where the reader can solve it.
    assert "Email: contact (at) [my first name] (dot) net" in profile.about
    assert profile.about.startswith("I am currently at [Snowflake AI Research](")
    assert "<img" not in profile.about and "[LinkedIn]" not in profile.about


def test_papers_with_owner_venue_year_highlights_links_and_selected(source):
    site = markdown.read(source)
    assert [section.kind for section in site.sections] == ["publications"]
    assert site.sections[0].heading == "Selected Publications"
    assert len(site.papers) == 5
    first, pollux = site.papers[0], site.papers[3]
    assert first.entry.title == (
        "SuffixDecoding: Extreme Speculative Decoding for Emerging AI Applications"
    )
    assert [a.name for a in first.entry.authors] == [
        "Gabriele Oliaro", "Zhihao Jia", "Daniel Campos", "Aurick Qiao"
    ]
    assert (first.entry.venue_short, first.entry.year) == ("NeurIPS 2025", 2025)
    assert {paper.entry.kind for paper in site.papers} == {"conference"}
    assert first.entry.arxiv_id == "2411.04975"
    assert first.highlights == ["Spotlight"]
    # An arxiv.org address is an arXiv link whatever its label (siteimport/text/links.py).
    assert [(link.kind, link.label) for link in first.links] == [
        ("arxiv", "paper"), ("code", "code"), ("blog", "blog")
    ]
    assert all(paper.selected for paper in site.papers)
    assert pollux.entry.venue_short == "OSDI 2021"
    assert pollux.highlights == ["Best Paper Award"]
    assert pollux.entry.authors[0].name == "Aurick Qiao"
    assert first.origin.path == "index.md" and first.origin.line == 13
    assert not any("*" in a.name for paper in site.papers for a in paper.entry.authors)


def test_a_config_title_names_the_person_and_sections_keep_their_kinds(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "_config.yml").write_text("theme: jekyll-theme-minimal\ntitle: Jane Doe\n")
    (folder / "README.md").write_text(
        "Hello.\n\n## News\n- *2024.05*: Joined the lab.\n\n## Hobbies\nClimbing.\n\n"
        "## Honors\n- 2021 – Best Paper Award\n"
    )
    site = markdown.read(open_site(folder))
    assert site.profile.name == "Jane Doe" and not site.profile.name_inferred
    assert [(s.kind, s.heading) for s in site.sections] == [
        ("news", "News"), ("custom", "Hobbies"), ("awards", "Honors")
    ]
    assert site.sections[1].body == "Climbing."
    assert [(n.text, n.date.precision) for n in site.news] == [("Joined the lab.", "month")]
    assert [(a.title, a.date.date.year, a.date.precision) for a in site.awards] == [
        ("Best Paper Award", 2021, "year")
    ]


def test_co_first_marks_a_plain_address_and_a_missing_photo(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.md").write_text(
        '<img align="right" src="me.jpg" width=250>\n\nI study systems.\n\n'
        "Email: jane@example.org\n\n## Publications\n\n**A Paper: On Things**\n"
        "[[arXiv](https://arxiv.org/abs/2401.00001)]\\\n*Ann Bee\\*, **Jane Doe**\\*.*\\\n"
        "ICML2024\n"
    )
    site = markdown.read(open_site(folder))
    assert (site.profile.email, site.profile.email_obfuscated) == ("jane@example.org", False)
    assert site.profile.about == "I study systems."
    assert site.profile.photo == ""
    assert [(s.what, s.reason, s.origin.line) for s in site.skipped] == [
        ("image me.jpg", "the site has no such file", 1)
    ]
    paper = site.papers[0]
    assert [(a.name, a.equal_contribution) for a in paper.entry.authors] == [
        ("Ann Bee", True), ("Jane Doe", True)
    ]
    assert (paper.entry.venue_short, paper.entry.arxiv_id) == ("ICML 2024", "2401.00001")
    assert [(link.kind, link.label) for link in paper.links] == [("arxiv", "arXiv")]
    assert site.profile.name == "Jane Doe" and site.profile.name_inferred
