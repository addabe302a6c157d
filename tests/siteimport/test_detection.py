"""Detection end to end: ``detect_format`` names the theme of every test repository under
tests/siteimport/sites/, and of the shared seed pages set out as the one file a site of
their theme would keep them in."""

from pathlib import Path

import pytest

from siteimport.formats import detect_format
from siteimport.source import open_site
from tests.siteimport.helpers import SEED_DATA

SITES = Path(__file__).parent / "sites"
SEEDS = SEED_DATA

# Each test repository (folder under sites/, or one level down where a theme has several
# versions) and the format it is.
EXPECTED = {
    "academicpages": "academicpages",
    "academicpages-2021": "academicpages",
    "academicpages-seed001": "academicpages",
    "academicpages-template": "academicpages",
    "acadhomepage": "acadhomepage",
    "acadhomepage-leftovers": "acadhomepage",
    "acadhomepage-selected": "acadhomepage",
    "acadhomepage-template": "acadhomepage",
    "al-folio/newer": "al-folio",
    "al-folio/older": "al-folio",
    "hugo-blox/academic": "hugo-blox",
    "hugo-blox/blocks": "hugo-blox",
    "hugo-blox/kit": "hugo-blox",
    "hugo-blox/template": "hugo-blox",
    "hugo-blox/widgets": "hugo-blox",
    "lab-template": "lab-template",
    "markdown": "markdown",
}
_VERSIONED = {"al-folio", "hugo-blox"}  # one folder per version of the theme


def test_every_fixture_site_has_an_expected_format():
    sites = []
    for folder in sorted(path for path in SITES.iterdir() if path.is_dir()):
        if folder.name in _VERSIONED:
            sites += [f"{folder.name}/{sub.name}" for sub in folder.iterdir() if sub.is_dir()]
        else:
            sites.append(folder.name)
    assert sorted(sites) == sorted(EXPECTED), "name the format of a new test site here"


@pytest.mark.parametrize("site", sorted(EXPECTED))
def test_each_fixture_site_is_detected_as_its_theme(site):
    assert detect_format(open_site(SITES / site)) == EXPECTED[site]


# Seed -> (where a site of its theme keeps that page, the theme). 000 is a plain page
# (no front matter) and is the markdown reader's, which reads index.md / README.md.
SEED_SITES = {
    "001": ("_pages/about.md", "academicpages"),  # author_profile: true, academicpages' page
    "002": ("_pages/about.md", "acadhomepage"),  # google_scholar_stats_use_cdn Liquid
    "003": ("_pages/publications.md", "lab-template"),  # layout: gridlay
    "004": ("_pages/about.md", "al-folio"),  # layout: about with a profile: block
}


def _seed(number: str) -> str:
    return (SEEDS / f"seed_{number}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("number", sorted(SEED_SITES))
def test_each_seed_page_alone_is_detected_as_its_theme(number, tmp_path):
    path, expected = SEED_SITES[number]
    (tmp_path / path).parent.mkdir(parents=True)
    (tmp_path / path).write_text(_seed(number), encoding="utf-8")
    assert detect_format(open_site(tmp_path)) == expected


def test_the_plain_seed_page_is_never_taken_for_a_theme(tmp_path):
    """Seed 000 has no front matter and no theme file: only the markdown reader claims it."""
    (tmp_path / "index.md").write_text(_seed("000"), encoding="utf-8")
    assert detect_format(open_site(tmp_path)) == "markdown"
