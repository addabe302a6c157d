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
