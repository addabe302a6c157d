"""The Hugo Blox reader on broken files (a warning naming the file and line, the rest still
read, never a traceback) and on large sites (time and output grow linearly)."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from siteimport.formats import hugoblox
from siteimport.source import open_site

SITES = Path(__file__).parent / "sites" / "hugo-blox"


@pytest.fixture
def widgets(tmp_path) -> Path:
    site = tmp_path / "widgets"
    shutil.copytree(SITES / "widgets", site)
    return site


def warnings_about(data, path):
    found = [warning for warning in data.warnings if path in warning]
    assert found, data.warnings
    return found


def test_bad_yaml_front_matter_names_the_file_and_line_and_the_rest_is_read(widgets):
    page = widgets / "content/publication/roof/index.md"
    page.write_text(page.read_text().replace('doi: ""', 'doi: "unclosed', 1))
    data = hugoblox.read(open_site(widgets))
    (warning,) = warnings_about(data, "content/publication/roof/index.md")
    assert re.search(r"index\.md, line \d+: cannot read the YAML", warning)
    assert "the rest was read" in warning
    titles = [p.entry.title for p in data.papers]
    assert len(titles) == 3
    assert not any(title.startswith("Intuitive and Efficient Roof") for title in titles)
    assert data.profile.name == "Biao Zhang" and len(data.news) == 10


def test_bad_bibtex_names_the_file_and_line_and_the_page_is_used(widgets):
    (widgets / "content/publication/3dilg/cite.bib").write_text(
        "@inproceedings{zhang2022dilg,\ntitle={3{DILG}: Irregular Latent Grids\n"
    )
    data = hugoblox.read(open_site(widgets))
    (warning,) = warnings_about(data, "content/publication/3dilg/cite.bib")
    assert "line 1" in warning and "never closed" in warning
    (dilg,) = [p for p in data.papers if p.entry.title.startswith("3DILG")]
    authors = [author.name for author in dilg.entry.authors]
    assert authors == ["Biao Zhang", "Matthias Niessner", "Peter Wonka"]  # "admin" resolved
    assert (dilg.entry.kind, dilg.entry.year, dilg.entry.venue_short) == (
        "conference", 2022, "NeurIPS 2022"
    )
    assert len(data.papers) == 4


def test_bad_toml_widget_is_reported_with_its_line(widgets):
    widget = widgets / "content/home/demo.md"
    widget.write_text(widget.read_text().replace('weight = 15', 'weight = = 15', 1))
    data = hugoblox.read(open_site(widgets))
    (warning,) = warnings_about(data, "content/home/demo.md")
    assert "cannot read the TOML" in warning and "line 9" in warning
    assert [s.kind for s in data.sections][:4] == ["about", "interests", "education", "news"]


def test_bad_author_data_is_reported_and_papers_still_read(tmp_path):
    site = tmp_path / "kit"
    shutil.copytree(SITES / "kit", site)
    author = site / "data/authors/me.yaml"
    author.write_text(author.read_text().replace("interests:", "interests: [", 1))
    data = hugoblox.read(open_site(site))
    (warning,) = warnings_about(data, "data/authors/me.yaml")
    assert "cannot read the YAML" in warning and ", line " in warning
    assert data.profile.name == ""
    assert len(data.papers) == 5
    # Without the profile, "me" in author lists stays as written: nothing is guessed.
    assert any(a.name == "Alexandre Amice" for p in data.papers for a in p.entry.authors)


def test_a_news_section_that_is_not_only_a_list_stays_text(widgets):
    news = widgets / "content/home/news.md"
    news.write_text(news.read_text() + "\nOlder news are on my [blog](https://example.org/).\n")
    data = hugoblox.read(open_site(widgets))
    (section,) = [s for s in data.sections if s.heading == "News"]
    assert section.kind == "custom"
    assert section.body.startswith("- **2023-03-11**. The MEP-3M dataset")
    assert section.body.endswith("Older news are on my [blog](https://example.org/).")
    assert data.news == []


def _grow(site: Path, copies: int) -> None:
    """The site with `copies` times its news list and its four papers."""
    news = site / "content/home/news.md"
    head, body = news.read_text().split("---\n\n", 1)
    items = [line for line in body.split("\n") if line.startswith("- **")]
    news.write_text(head + "---\n\n" + "\n".join(items * copies) + "\n")
    publications = site / "content/publication"
    for slug in ("3dilg", "roof", "shape-few-shot", "prob-embed"):
        for number in range(1, copies):
            copy = publications / f"{slug}-{number}"
            shutil.copytree(publications / slug, copy)
            page = copy / "index.md"
            text = page.read_text()
            title = next(line for line in text.split("\n") if line.startswith("title:"))
            page.write_text(text.replace(title, title.rstrip('"') + f' part {number}"', 1))
            (copy / "cite.bib").unlink()  # its record would name the original title


def _timed_read(site: Path):
    started = time.perf_counter()
    data = hugoblox.read(open_site(site))
    return data, time.perf_counter() - started


def test_reading_grows_linearly_with_the_site(tmp_path):
    small, large = tmp_path / "small", tmp_path / "large"
    shutil.copytree(SITES / "widgets", small)
    shutil.copytree(SITES / "widgets", large)
    _grow(small, 3)
    _grow(large, 30)
    small_data, small_time = _timed_read(small)
    large_data, large_time = _timed_read(large)
    assert (len(small_data.news), len(large_data.news)) == (30, 300)
    assert (len(small_data.papers), len(large_data.papers)) == (12, 120)
    # 10× the content: linear reading takes about 10× as long, a quadratic one 100×.
    assert large_time < 30 * small_time + 0.5


def test_the_starters_placeholder_address_is_skipped(widgets):
    params = widgets / "config/_default/params.yaml"
    lines = params.read_text().split("\n")
    start = lines.index("# address:")
    for index in range(start, start + 7):  # the site's own commented-out lines, switched on
        lines[index] = lines[index].removeprefix("# ")
    params.write_text("\n".join(lines))
    data = hugoblox.read(open_site(widgets))
    assert data.profile.address == ""
    reasons = [s.reason for s in data.skipped if s.what == "the postal address"]
    assert reasons == ["the theme's placeholder address"]


def test_double_encoded_utf8_is_repaired(tmp_path):
    site = tmp_path / "academic"
    shutil.copytree(SITES / "academic", site)
    author = site / "content/authors/geoff/_index.md"
    text = author.read_text()
    author.write_text(text.encode("utf-8").decode("latin-1"))  # saved through a wrong encoding
    assert "NÃ©giar" in author.read_text()
    data = hugoblox.read(open_site(site))
    assert data.profile.name == "Geoffrey Négiar"
    assert "Diplôme d'Ingénieur" in [entry.title for entry in data.cv]
    assert "UC Berkeley’s [BAIR]" in data.profile.about


ODD_VALUES = "title: [1, 2]\nauthors: 5\nlinks: x\nsocial: {a: b}\ndate: soon\nweight: high\n"


def test_front_matter_of_the_wrong_shape_never_raises(widgets):
    # Valid YAML, wrong types, in every kind of page the reader opens.
    for path in ("content/authors/admin/_index.md", "content/home/about.md",
                 "content/publication/roof/index.md", "content/event/example/index.md",
                 "content/post/getting-started/index.md"):
        (widgets / path).write_text(f"---\nwidget: about\n{ODD_VALUES}---\nText.\n")
    (widgets / "content/_index.md").write_text(
        "---\nsections:\n  - block: markdown\n    content: [1]\n  - 7\n  - block: collection\n"
        "    content: {filters: {folders: 3}}\n---\n"
    )
    (widgets / "config/_default/params.yaml").write_text("- just\n- a list\n")
    data = hugoblox.read(open_site(widgets))
    assert data.profile.name == ""  # a title that is a list names nobody
    # The sections blocks replaced the widgets: no news list; the rewritten post remains.
    assert [(n.text, n.origin.path) for n in data.news] == [
        ("Text.", "content/post/getting-started/index.md")
    ]
    assert {p.entry.title for p in data.papers} >= {"3DILG: Irregular Latent Grids for 3D "
                                                     "Generative Modeling"}


_WRONG_SHAPES = [None, 5, 1.5, True, [], [1, "x"], {"a": 1}, "", "x", [{"name": 3}]]


def _mistype(value, rng):
    """The same front matter with some values swapped for values of another shape."""
    if isinstance(value, dict):
        return {key: rng.choice(_WRONG_SHAPES) if rng.random() < 0.3 else _mistype(item, rng)
                for key, item in value.items()}
    if isinstance(value, list):
        return [rng.choice(_WRONG_SHAPES) if rng.random() < 0.3 else _mistype(item, rng)
                for item in value]
    return value


@pytest.mark.parametrize("name", ["academic", "widgets", "blocks", "kit", "template"])
def test_randomly_mistyped_sites_never_raise(name, tmp_path):
    import random

    import yaml

    from siteimport.text.frontmatter import front_matter as hugo_front_matter

    rng = random.Random(16)
    for trial in range(6):
        site = tmp_path / f"{name}-{trial}"
        shutil.copytree(SITES / name, site)
        for path in sorted(site.rglob("*.md")) + sorted(site.rglob("*.yaml")):
            text = path.read_text()
            if path.suffix == ".md":
                meta, body, _ = hugo_front_matter(text, str(path))
                dumped = yaml.safe_dump(_mistype(meta, rng), allow_unicode=True)
                path.write_text(f"---\n{dumped}---\n{body}")
            else:
                path.write_text(yaml.safe_dump(_mistype(yaml.safe_load(text), rng)))
        hugoblox.read(open_site(site))  # no exception, whatever the shapes


# The social list of the v5 starter's own author page (HugoBlox/hugo-blox-builder @41418661,
# starters/academic/content/authors/admin/_index.md), which sites keep beside their name.
STARTER_SOCIAL = """social:
  - icon: envelope
    icon_pack: fas
    link: '/#contact'
  - icon: twitter
    icon_pack: fab
    link: https://twitter.com/GeorgeCushen
    label: Follow me on Twitter
    display:
      header: true
  - icon: graduation-cap # Alternatively, use `google-scholar` icon from `ai` icon pack
    icon_pack: fas
    link: https://scholar.google.co.uk/citations?user=sIwtMXoAAAAJ
  - icon: github
    icon_pack: fab
    link: https://github.com/gcushen
  - icon: linkedin
    icon_pack: fab
    link: https://www.linkedin.com/
"""


def test_the_starters_placeholder_links_are_skipped(widgets):
    author = widgets / "content/authors/admin/_index.md"
    text = author.read_text()
    start, end = text.index("social:\n"), text.index("# Link to a PDF")
    author.write_text(text[:start] + STARTER_SOCIAL + "\n" + text[end:])
    data = hugoblox.read(open_site(widgets))
    assert data.profile.name == "Biao Zhang" and data.profile.links == []
    skipped = sorted(s.what for s in data.skipped if s.reason == "the theme's placeholder link")
    assert skipped == [
        "the link https://github.com/gcushen",
        "the link https://scholar.google.co.uk/citations?user=sIwtMXoAAAAJ",
        "the link https://twitter.com/GeorgeCushen",
        "the link https://www.linkedin.com/",
    ]
