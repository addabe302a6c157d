"""Rules the readers share (siteimport.text.contact's social networks, the paper highlight
words of awards.highlights): each reader knows what any of them knew before the copies
were merged. Pure: no database; real fixture sites copied and edited."""

from __future__ import annotations

import re

import pytest

from siteimport.formats import read_site
from siteimport.source import open_site
from tests.siteimport.helpers import site_folder


def _links(folder, format_name):
    return [(link.kind, link.url, link.label)
            for link in read_site(open_site(folder), format_name).profile.links]


def _set_config(folder, key: str, value: str, *, indent: str = "") -> None:
    """``key: value`` in the site's _config.yml, replacing the line the theme ships."""
    config = folder / "_config.yml"
    text, count = re.subn(rf"(?m)^{indent}{key}\s*:.*$", f"{indent}{key}: {value}",
                          config.read_text())
    assert count == 1, key
    config.write_text(text)


def test_alfolio_expands_a_bluesky_handle_as_academicpages_did(tmp_path):
    folder = site_folder(tmp_path, "al-folio/older")
    config = folder / "_config.yml"
    config.write_text(config.read_text() + "\nbluesky_url: jane.bsky.social\n")
    assert ("other", "https://bsky.app/profile/jane.bsky.social", "Bluesky") in _links(
        folder, "al-folio")


def test_academicpages_expands_a_bare_orcid_as_the_other_themes_do(tmp_path):
    folder = site_folder(tmp_path, "academicpages")
    _set_config(folder, "orcid", '"0000-0002-9566-8382"', indent="  ")
    links = _links(folder, "academicpages")
    assert ("orcid", "https://orcid.org/0000-0002-9566-8382", "") in links


@pytest.mark.parametrize(
    ("key", "value", "link"),
    [
        ("researchgate", "Jane_Doe",
         ("other", "https://www.researchgate.net/profile/Jane_Doe", "ResearchGate")),
        ("stackoverflow", "12345",
         ("other", "https://stackoverflow.com/users/12345", "Stack Overflow")),
    ],
)
def test_acadhomepage_expands_usernames_the_other_themes_expand(tmp_path, key, value, link):
    folder = site_folder(tmp_path, "acadhomepage")
    config = folder / "_config.yml"
    if not re.search(rf"(?m)^  {key}\s*:", config.read_text()):
        config.write_text(config.read_text().replace("author:\n", f"author:\n  {key}: x\n", 1))
    _set_config(folder, key, value, indent="  ")
    assert link in _links(folder, "acadhomepage")


# Each reader, on a real fixture page edited to write a highlight in a way only another
# reader knew before: lab template and acadhomepage knew no "Distinguished Paper" or
# "Honorable Mention", Hugo Blox only "(oral)" in parentheses, academicpages only emphasised
# words, the markdown reader only bold.
HIGHLIGHT_EDITS = [
    ("lab-template", "_pages/publications.md",
     "(<font color=Red>IISA 2018 Best Student Paper in Applied Statistics</font>)",
     "(Distinguished Paper)", "Unique entity estimation", ["Distinguished Paper"]),
    ("acadhomepage-leftovers", "_pages/about.md", "NeurIPS 2022 Spotlight",
     "NeurIPS 2022 Honorable Mention", "Embracing Consistency", ["Honorable Mention"]),
    ("hugo-blox/blocks", "content/publication/ijcai2023few/index.md", "(oral)",
     "(Highlight)", "Few-shot Classification via Ensemble", ["Highlight"]),
    ("academicpages", "_publications/2019-11-19-Drowsiness.md", "pp. 1-4.",
     "pp. 1-4 (Spotlight).", "Drowsiness Detection", ["Spotlight"]),
    ("markdown", "index.md", "NeurIPS’25 **Spotlight**",
     "NeurIPS’25 Outstanding Paper Award", "SuffixDecoding", ["Outstanding Paper Award"]),
]


@pytest.mark.parametrize(("site", "path", "written", "rewritten", "title", "expected"),
                         HIGHLIGHT_EDITS, ids=[edit[0] for edit in HIGHLIGHT_EDITS])
def test_every_reader_knows_every_highlight_word(tmp_path, site, path, written, rewritten,
                                                 title, expected):
    folder = site_folder(tmp_path, site)
    page = folder / path
    text = page.read_text(encoding="utf-8")
    assert written in text
    page.write_text(text.replace(written, rewritten), encoding="utf-8")
    papers = read_site(open_site(folder)).papers
    (paper,) = [p for p in papers if p.entry.title.casefold().startswith(title.casefold())]
    assert paper.highlights == expected
    assert expected[0].casefold() not in paper.entry.venue_short.casefold()


def test_a_highlight_word_in_running_text_is_not_a_highlight():
    from siteimport.text.highlights import paper_highlights, without_highlights

    assert paper_highlights("Journal of Oral Biology", "An award-winning lab") == []
    assert paper_highlights("NeurIPS 2022 Oral", marked=True) == ["Oral"]  # a badge
    assert paper_highlights("(<font color=red>IISA 2018 Best Student Paper</font>)") == [
        "IISA 2018 Best Student Paper"]  # colour marks the whole prize
    assert paper_highlights("**ICCV 2023 Oral**") == ["Oral"]  # dated bold: a venue
    assert without_highlights("ICML 2023 (Best Paper Award)").strip() == "ICML 2023"


def test_readers_tell_a_web_address_with_the_one_check_of_labsite_links():
    """``labsite.links.is_web_url`` (the scheme in any case), not a copy of it per reader: an
    upper-case "HTTPS://" address is kept, never made a username of the network."""
    from siteimport.formats.hugoblox_site import web_url
    from siteimport.text.contact import social_link

    assert social_link("github", "HTTPS://github.com/jane").url == "HTTPS://github.com/jane"
    assert web_url("HTTPS://example.org/x") == "HTTPS://example.org/x"


def test_the_lab_template_reads_a_two_digit_year_without_an_apostrophe(tmp_path):
    """"NeurIPS25" as the markdown reader already read it (siteimport/text/venues.py)."""
    folder = site_folder(tmp_path, "lab-template")
    (folder / "_pages/publications.md").write_text(
        "---\ntitle: Publications\nlayout: gridlay\npermalink: /publications/\n---\n\n"
        "## Conference papers\n\n"
        "**[One](https://arxiv.org/abs/2501.00001)**\nDoe, Jane; Roe, Ann\nNeurIPS25\n",
        encoding="utf-8",
    )
    (paper,) = [p for p in read_site(open_site(folder)).papers
                if p.origin.path == "_pages/publications.md"]
    assert (paper.entry.venue_short, paper.entry.year) == ("NeurIPS 2025", 2025)


def test_the_markdown_reader_reads_a_four_digit_year_after_an_apostrophe(tmp_path):
    """"NeurIPS’2025" as the lab template reader already read it."""
    folder = site_folder(tmp_path, "markdown")
    page = folder / "index.md"
    text = page.read_text(encoding="utf-8")
    assert "NeurIPS’25 **Spotlight**" in text
    page.write_text(text.replace("NeurIPS’25 **Spotlight**", "NeurIPS’2025 **Spotlight**"),
                    encoding="utf-8")
    (paper,) = [p for p in read_site(open_site(folder)).papers
                if p.entry.title.startswith("SuffixDecoding")]
    assert (paper.entry.venue, paper.entry.year) == ("NeurIPS", 2025)
