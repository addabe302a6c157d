"""The academicpages test sites (tests/siteimport/sites/academicpages*/README.md say where
each file came from) and the helpers both academicpages test modules use."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

from siteimport.formats import academicpages
from siteimport.source import FolderSiteSource
from siteimport.types import SiteData

SITES = Path(__file__).parent / "sites"
MAIN = SITES / "academicpages"  # Max-Phairot-A's 2024 fork
OLD = SITES / "academicpages-2021"  # pinshuai's 2021 fork
TEMPLATE = SITES / "academicpages-template"
SEED = SITES / "academicpages-seed001"
ALL = (MAIN, OLD, TEMPLATE, SEED)


def read(folder: Path) -> SiteData:
    return academicpages.read(FolderSiteSource(folder))


def copy_site(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / folder.name
    shutil.copytree(folder, target)
    return target


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def entries(data: SiteData, kind: str):
    return [entry for entry in data.cv if entry.kind == kind]


def paper(data: SiteData, title_start: str):
    return next(p for p in data.papers if p.entry.title.startswith(title_start))
