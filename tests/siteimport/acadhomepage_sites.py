"""The AcadHomepage test repositories (tests/siteimport/sites/acadhomepage*/; the README
in acadhomepage/ names the repository and commit of every file) and the helpers both test
modules use."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

from siteimport.formats import acadhomepage
from siteimport.source import FolderSiteSource
from siteimport.types import SiteData
from tests.siteimport.helpers import SEED_DATA

SITES = Path(__file__).parent / "sites"
FORK = SITES / "acadhomepage"  # Jiaming Xu (MathsCode/mathscode.github.io), seed 002
TEMPLATE = SITES / "acadhomepage-template"  # RayeRen/acad-homepage.github.io itself
SELECTED = SITES / "acadhomepage-selected"  # Jiarui Feng (JiaruiFeng/JiaruiFeng.github.io)
LEFTOVERS = SITES / "acadhomepage-leftovers"  # Yang Jin (jy0205/jy0205.github.io)
SEEDS = SEED_DATA
SEED_002 = SEEDS / "seed_002.txt"
ABOUT = "_pages/about.md"


def read(folder: Path) -> SiteData:
    return acadhomepage.read(FolderSiteSource(folder))


def page_papers(data: SiteData) -> list:
    """The papers the page shows (gs_data.json adds the owner's others after them)."""
    return [found for found in data.papers if found.origin.path != "gs_data.json"]


def copy_site(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / folder.name
    shutil.copytree(folder, target)
    return target


def paper(site: SiteData, title_start: str):
    return next(paper for paper in site.papers if paper.entry.title.startswith(title_start))


# What no text field may hold (Skipped quotes the source on purpose, for the report).
FORBIDDEN = re.compile(
    r"<script|style=|\{%|\{\{|&nbsp;|\xa0|<!--"
    r"|</?(?:div|span|font|img|a|strong|b|em|i|p|br|ul|li|sup|sub)\b[^>]*>",
    re.I,
)


def texts(value, path="site"):
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value):
        if type(value).__name__ == "Skipped":
            return  # quotes the source on purpose, for the report
        for item in dataclasses.fields(value):
            yield from texts(getattr(value, item.name), f"{path}.{item.name}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from texts(item, f"{path}[{index}]")
