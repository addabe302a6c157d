"""The academicpages reader on odd and broken input: nothing forbidden left in any text,
every item's origin, folder and zip alike, bad YAML and BibTeX as warnings naming the file
and line, the bounds, and linear growth. Pure: no database."""

from __future__ import annotations

import dataclasses
import re
import shutil
import time
from pathlib import Path

import pytest

from siteimport.formats import academicpages
from siteimport.source import FolderSiteSource, ZipSiteSource
from siteimport.types import SiteData
from tests.siteimport.academicpages_sites import (
    ALL,
    MAIN,
    copy_site,
    paper,
    read,
)
from tests.siteimport.helpers import zipped


@pytest.fixture(scope="module")
def site() -> SiteData:
    return read(MAIN)


# -- leftovers, forbidden content, origins -------------------------------------------------


def test_template_leftovers_are_skipped_with_reasons(site):
    reasons = {item.what: item.reason for item in site.skipped}
    assert (
        "demo entry “Paper Title Number 1”"
        in reasons["_publications/2009-10-01-paper-title-number-1.md: Paper Title Number 1"]
    )
    demo_talks = [what for what in reasons if what.startswith("_talks/")]
    demo_teaching = [what for what in reasons if what.startswith("_teaching/")]
    assert len(demo_talks) == 4 and len(demo_teaching) == 2
    everything = repr(dataclasses.asdict(site)).replace(repr(site.skipped), "")
    assert "Relevant Topic in Your Field" not in repr([site.cv, site.papers, site.news])
    assert "Paper Title Number" not in repr(site.papers) and "Journal 1" not in everything


FORBIDDEN = re.compile(
    r"<script|style=|\{%|\{\{|\{\{<|<!--|\{:|</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^>]*)?/?>"
)


def strings(value):
    if dataclasses.is_dataclass(value):
        for item in dataclasses.fields(value):
            yield from strings(getattr(value, item.name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)
    elif isinstance(value, str):
        yield value


@pytest.mark.parametrize("folder", ALL, ids=lambda folder: folder.name)
def test_nothing_forbidden_left_in_any_text(folder):
    data = read(folder)
    bad = [
        text for text in strings(dataclasses.replace(data, skipped=[])) if FORBIDDEN.search(text)
    ]
    assert bad == []


@pytest.mark.parametrize("folder", ALL, ids=lambda folder: folder.name)
def test_every_item_names_an_existing_file(folder):
    data = read(folder)
    files = set(FolderSiteSource(folder).files())
    items = [*data.sections, *data.news, *data.awards, *data.cv, *data.papers]
    assert all(item.origin is not None and item.origin.path in files for item in items)
    assert all(item.origin.line for item in [*data.sections, *data.news, *data.awards])


@pytest.mark.parametrize("folder", ALL, ids=lambda folder: folder.name)
def test_folder_and_zip_read_the_same(folder, tmp_path):
    archive = zipped(folder, tmp_path)
    assert academicpages.read(ZipSiteSource(archive)) == read(folder)
    assert academicpages.detect(ZipSiteSource(archive)) == academicpages.detect(
        FolderSiteSource(folder)
    )


# -- broken files -------------------------------------------------------------------------


def test_bad_front_matter_is_a_warning_naming_file_and_line(tmp_path):
    folder = copy_site(MAIN, tmp_path)
    broken = folder / "_publications" / "2024-05-17-MixNet.md"
    broken.write_text(
        broken.read_text()
        .replace("venue: 'IEEE Internet", "venue: 'IEEE: [Internet", 1)
        .replace("date: 2024-05-17", "date: [2024-05-17", 1)
    )
    data = read(folder)
    assert len(data.papers) == 11  # the rest still read
    warning = next(w for w in data.warnings if "2024-05-17-MixNet.md" in w)
    assert re.search(
        r"_publications/2024-05-17-MixNet\.md, line \d+: cannot read the YAML", warning
    )


def test_bad_config_is_a_warning_and_the_pages_still_read(tmp_path):
    folder = copy_site(MAIN, tmp_path)
    config = folder / "_config.yml"
    config.write_text(
        config.read_text().replace('name             : "Phairot', 'name: [: "Phairot', 1)
    )
    data = read(folder)
    assert any(re.match(r"_config\.yml, line \d+: cannot read the YAML", w) for w in data.warnings)
    assert len(data.papers) == 12 and len(data.news) == 6
    assert data.profile.name_inferred is True  # from the bold author, since no config named it


def test_a_broken_bibtex_citation_is_a_warning(tmp_path):
    folder = copy_site(MAIN, tmp_path)
    target = folder / "_publications" / "2019-11-19-Drowsiness.md"
    text = re.sub(
        r"^citation: .*$",
        "citation: '@article{broken, title={Unclosed'",
        target.read_text(),
        flags=re.M,
    )
    target.write_text(text)
    data = read(folder)
    warning = next(w for w in data.warnings if "2019-11-19-Drowsiness.md" in w)
    assert "BibTeX" in warning
    drowsiness = paper(data, "Drowsiness")  # still a paper, from its front matter
    assert drowsiness.entry.authors == []


def test_a_page_over_the_size_bound_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(academicpages, "MAX_PAGE_BYTES", 2000)
    data = read(MAIN)
    assert any("_pages/cv.md: larger than" in w for w in data.warnings)
    assert all(entry.origin.path != "_pages/cv.md" for entry in data.cv)


def test_a_collection_over_its_bound_is_cut_with_a_warning(monkeypatch):
    monkeypatch.setattr(academicpages, "MAX_COLLECTION_FILES", 5)
    data = read(MAIN)
    assert len(data.papers) == 4  # and the template's demo paper, skipped: five files read
    assert "_publications/ holds 13 files; the first 5 were read." in data.warnings


def test_odd_values_in_the_yaml_give_no_traceback(tmp_path):
    folder = copy_site(MAIN, tmp_path)
    config = folder / "_config.yml"
    text = config.read_text().replace('employer         : "VISTEC"', "employer: [1, 2]")
    text = text.replace("  books:\n    title: 'Books'", "  books: 'Books'")
    config.write_text(text)
    target = folder / "_publications" / "2024-05-17-MixNet.md"
    target.write_text(
        target.read_text()
        .replace("date: 2024-05-17", "date: {when: soon}")
        .replace("category: manuscripts", "category: [books]")
    )
    data = read(folder)
    mixnet = paper(data, "MixNet")
    assert mixnet.entry.year is None  # a date that is no date is left out
    assert data.profile.affiliation == "[1, 2]"  # kept as written, for the preview to show


def test_a_teaser_image_is_the_thumbnail():
    from siteimport.formats.academicpages_papers import read_paper

    found = read_paper(
        {"title": "X", "header": {"teaser": "mixnet.png"}, "featured": True},
        "",
        academicpages.Origin("_publications/x.md", 1),
        categories={},
        resolve=lambda url: url,
        warnings=[],
    )
    assert (found.thumbnail, found.selected) == ("images/mixnet.png", True)


# -- growth ------------------------------------------------------------------------------


def scaled(tmp_path: Path, factor: int) -> Path:
    """The main site with ``factor`` times its papers and news."""
    folder = tmp_path / f"x{factor}"
    shutil.copytree(MAIN, folder)
    papers = sorted((folder / "_publications").glob("20[12]*.md"))
    for copy in range(1, factor):
        for path in papers:
            shutil.copy(path, path.with_name(f"{path.stem}-copy{copy}.md"))
    about = folder / "_pages" / "about.md"
    lines = about.read_text().split("\n")
    news = [
        line
        for line in lines
        if line.startswith("* ") or line[:3].isdigit() or line.startswith(("2", "6"))
    ]
    start = lines.index(news[0])
    about.write_text("\n".join(lines[:start] + news * factor + lines[start + len(news) :]))
    return folder


def test_time_and_counts_grow_linearly(tmp_path):
    small, large = scaled(tmp_path, 2), scaled(tmp_path, 20)

    def best_of_three(folder):  # a shared machine's pauses fall on one run, not on three
        seconds = []
        for _ in range(3):
            began = time.perf_counter()
            data = read(folder)
            seconds.append(time.perf_counter() - began)
        return data, min(seconds)

    small_data, small_seconds = best_of_three(small)
    large_data, large_seconds = best_of_three(large)
    assert (len(small_data.papers), len(large_data.papers)) == (24, 240)
    assert (len(small_data.news), len(large_data.news)) == (12, 120)
    assert large_seconds < 10 * small_seconds * 3  # 10x the data: linear, with room for noise
