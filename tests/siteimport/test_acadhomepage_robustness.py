"""The AcadHomepage reader on odd and broken input: every site read from its folder and from a
GitHub-style zip alike, nothing forbidden left in any field, items pointing at their lines,
broken files reported by name and line with the rest still read, bounds, linear growth."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from siteimport.formats import acadhomepage
from siteimport.source import FolderSiteSource, ZipSiteSource
from siteimport.text.frontmatter import SiteFileError
from tests.siteimport.acadhomepage_sites import (
    ABOUT,
    FORBIDDEN,
    FORK,
    LEFTOVERS,
    SELECTED,
    TEMPLATE,
    copy_site,
    page_papers,
    paper,
    read,
    texts,
)
from tests.siteimport.helpers import zipped


@pytest.mark.parametrize("folder", [FORK, TEMPLATE, SELECTED, LEFTOVERS], ids=lambda p: p.name)
def test_the_folder_and_its_zip_read_the_same(folder, tmp_path):
    from_zip = acadhomepage.read(ZipSiteSource(zipped(folder, tmp_path)))
    assert from_zip == read(folder)
    assert from_zip.format == "acadhomepage"


@pytest.mark.parametrize("folder", [FORK, TEMPLATE, SELECTED, LEFTOVERS], ids=lambda p: p.name)
def test_no_html_liquid_or_badges_left_in_any_field(folder):
    site = read(folder)
    found = [(path, text[:80]) for path, text in texts(site) if FORBIDDEN.search(text)]
    assert found == []
    badges = [path for path, text in texts(site) if "img.shields.io" in text]
    assert badges == []


def test_every_item_points_at_its_source_line():
    fork = read(FORK)
    lines = (FORK / ABOUT).read_text().split("\n")
    for item in [*fork.news, *fork.awards, *fork.cv]:
        assert item.origin.path == ABOUT
        assert lines[item.origin.line - 1].startswith("- *"), item
    for found in page_papers(fork):
        source_line = lines[found.origin.line - 1]
        assert "paper-box" in source_line or source_line.startswith("- `"), found.entry.title
    for section in fork.sections[1:]:
        assert lines[section.origin.line - 1] == f"# {section.heading}" or lines[
            section.origin.line - 1
        ].rstrip() == f"# {section.heading}"


def test_bad_yaml_in_the_config_is_a_warning_and_the_page_still_reads(tmp_path):
    site = copy_site(FORK, tmp_path)
    config = site / "_config.yml"
    config.write_text(config.read_text().replace('  github           : "MathsCode"',
                                                 '  github           : "MathsCode\n  [oops'))
    data = acadhomepage.read(FolderSiteSource(site))
    assert [w for w in data.warnings if w.startswith("_config.yml, line ")]
    assert "cannot read the YAML" in data.warnings[0]
    assert data.profile.name == "Jiaming Xu"  # inferred from the bold author name
    assert data.profile.name_inferred is True
    assert len(data.news) == 5 and len(page_papers(data)) == 6


def test_bad_front_matter_is_a_warning_naming_the_page(tmp_path):
    site = copy_site(FORK, tmp_path)
    about = site / ABOUT
    about.write_text(about.read_text().replace("redirect_from: ", "redirect_from: [", 1))
    data = read(site)
    assert any(w.startswith(f"{ABOUT}, line ") and "YAML" in w for w in data.warnings)
    assert data.profile.name == "Jiaming Xu" and page_papers(data) == []


def test_bad_gs_data_json_is_a_warning_and_papers_keep_no_counts(tmp_path):
    site = copy_site(FORK, tmp_path)
    (site / "gs_data.json").write_text('{"publications": {"ovQFaicAAAAJ:WF5omc3nYNoC": ')
    data = read(site)
    assert any(w.startswith("gs_data.json") and "not valid JSON" in w for w in data.warnings)
    assert len(data.papers) == 6
    assert {paper.entry.citation_count for paper in data.papers} == {None}


def test_an_unclosed_paper_box_loses_nothing_else(tmp_path):
    site = copy_site(FORK, tmp_path)
    about = site / ABOUT
    text = about.read_text()
    cut = text.index("<div class='paper-box-text'", text.index("MLSys24.png"))
    about.write_text(text[:cut] + text[text.index("# 🎖 Honors and Awards"):])
    data = read(site)
    assert len(data.awards) == 13 and len(data.news) == 5
    assert "FlashDecoding++" not in [paper.entry.title.split(":")[0] for paper in data.papers]


def test_mojibake_is_repaired(tmp_path):
    site = copy_site(FORK, tmp_path)
    about = site / ABOUT
    text = about.read_text()
    broken = "Principal’s Scholarship".encode().decode("cp1252")  # "Principalâ€™s …"
    about.write_text(text.replace("Principal’s Scholarship", broken))
    assert "Principalâ€™s" in about.read_text()
    titles = [award.title for award in read(site).awards]
    assert "Principal’s Scholarship (校长奖学金) (1/5)" in titles


def test_a_missing_page_is_a_warning(tmp_path):
    site = copy_site(FORK, tmp_path)
    (site / ABOUT).unlink()
    data = read(site)
    assert data.warnings[0] == f"{ABOUT} is missing: no page to read."
    assert data.profile.name == "Jiaming Xu" and data.sections == []


def _scaled_site(tmp_path: Path, times: int) -> Path:
    site = tmp_path / f"x{times}"
    shutil.copytree(FORK, site)
    about = site / ABOUT
    text = about.read_text()
    news_start = text.index("- *2025.09*: &nbsp;🎉🎉 We release")
    news_end = text.index("<!-- - *2025.06*")
    boxes_start = text.index("<div class='paper-box'>")
    boxes_end = text.index("<div class='paper-box'>", text.index("MLSys24.png") + 1)
    about.write_text(
        text[:news_start] + text[news_start:news_end] * times + text[news_end:boxes_start]
        + text[boxes_start:boxes_end] * times + text[boxes_end:]
    )
    return site


def test_reading_time_and_counts_grow_linearly(tmp_path):
    timings = {}
    for times in (10, 100):
        site = _scaled_site(tmp_path, times)
        started = time.perf_counter()
        data = read(site)
        timings[times] = time.perf_counter() - started
        assert len(data.news) == 5 * times
        assert len(page_papers(data)) == 3 * times + 3
    # Linear: ten times the items in about ten times the time; quadratic would be 100×.
    assert timings[100] < timings[10] * 30


def test_gs_data_json_given_beside_the_site(tmp_path):
    site = copy_site(FORK, tmp_path)
    data = (site / "gs_data.json").read_bytes()
    (site / "gs_data.json").unlink()
    without = read(site)
    assert {paper.entry.citation_count for paper in without.papers} == {None}
    beside = acadhomepage.read(FolderSiteSource(site), scholar_data=data)
    assert paper(beside, "SpecEE").entry.citation_count == 36
    assert beside.papers == read(FORK).papers


@pytest.mark.parametrize("opening", ["<div class='paper-box'>", "{% if x ", "<!-- "])
def test_unclosed_markup_costs_linear_time(tmp_path, opening):
    timings = {}
    for times in (2_000, 20_000):
        site = copy_site(FORK, tmp_path / f"{times}")
        about = site / ABOUT
        extra = "\n# 📝 More Publications\n" + (opening + "x\n") * times
        about.write_text(about.read_text() + extra)
        started = time.perf_counter()
        data = read(site)
        timings[times] = time.perf_counter() - started
        assert len(page_papers(data)) == 6
    assert timings[20_000] < timings[2_000] * 30


def test_cut_pages_never_raise(tmp_path):
    """The page cut at many points (mid-box, mid-tag, mid-list): each reads, no traceback."""
    text = (FORK / ABOUT).read_text()
    site = copy_site(FORK, tmp_path)
    about = site / ABOUT
    for cut in range(len(text) // 3, len(text), max(1, len(text) // 60)):
        about.write_text(text[:cut])
        data = read(site)
        assert data.profile.name == "Jiaming Xu"
        assert not [w for w in data.warnings if "internal error" in w], cut


def test_a_paper_box_without_a_title_is_reported(tmp_path):
    site = copy_site(FORK, tmp_path)
    about = site / ABOUT
    about.write_text(about.read_text().replace(
        "[SpecEE: Accelerating Large Language Model Inference with Speculative Early Exiting]"
        "(https://dai.sjtu.edu.cn/my_file/pdf/7e067065-0e58-4e87-a373-feea0bebde1b.pdf)",
        "**  **", 1,
    ))
    data = read(site)
    assert len(page_papers(data)) == 5
    assert any(s.reason == "it has no title" and s.origin.line == 57 for s in data.skipped)


def test_gs_data_json_given_beside_is_bounded(tmp_path, settings):
    """The user asked for it: a given file over the bound stops the import, naming it; the
    site's own over the bound is ignored like any file over it, and the site still reads."""
    settings.LABSITE_SITE_IMPORT_MAX_FILE_BYTES = 1000
    with pytest.raises(SiteFileError, match=r"^gs_data\.json: larger than 1,000 bytes"):
        acadhomepage.read(FolderSiteSource(TEMPLATE), scholar_data=b" " * 5000)
    data = acadhomepage.read(FolderSiteSource(TEMPLATE))  # its own (1,553 bytes) is ignored
    assert not [skip for skip in data.skipped if skip.what == "gs_data.json"]
