"""Detection end to end: ``detect_format`` names the theme of every test repository under
tests/siteimport/sites/, and of the shared seed pages set out as the one file a site of
their theme would keep them in."""

from pathlib import Path

import pytest

from siteimport.formats import UnknownSiteFormat, detect_format
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


def test_the_newest_kit_is_known_by_its_module_yaml_alone(tmp_path):
    """AlexandreAmice's site (tests/siteimport/sites/hugo-blox/README.md) also names the kit
    in config/_default/module.yaml; without a go.mod that is enough."""
    config = tmp_path / "config" / "_default"
    config.mkdir(parents=True)
    (config / "module.yaml").write_text(
        "imports:\n  - path: github.com/HugoBlox/kit/modules/blox\n", encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "_index.md").write_text("---\ntype: landing\n---\n")
    assert detect_format(open_site(tmp_path)) == "hugo-blox"


@pytest.mark.parametrize(("files", "message"), [
    ({"_config.yml": "title: Me\n"}, "it has a Jekyll _config.yml, but not the files of"),
    ({"content/about.md": "Hello\n"}, "it has Hugo's content/ or config/ folder"),
    ({"index.html": "<h1>Me</h1>"}, "it holds HTML pages but no markdown"),
    ({"notes.txt": "hello"}, "there is no _config.yml, content/ folder, index.md or README.md"),
])
def test_a_site_no_reader_takes_is_told_why_from_what_it_holds(tmp_path, files, message):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(UnknownSiteFormat, match="does not look like a site") as failure:
        detect_format(open_site(tmp_path))
    assert message in str(failure.value) and "\n" not in str(failure.value)
