"""The lab-template test site and ways to read it, shared by test_labtemplate*.py:
the fork (tests/siteimport/sites/lab-template/README.md names each file's repository
and commit) and the same files as the Allan lab's own site."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

from siteimport.formats import labtemplate
from siteimport.source import open_site
from tests.siteimport.helpers import SEED_DATA

SITES = Path(__file__).parent / "sites"
SITE = SITES / "lab-template"
SEEDS = SEED_DATA


def copy_site(tmp_path: Path, name: str = "copy") -> Path:
    target = tmp_path / name
    shutil.copytree(SITE, target)
    return target


def read(folder: Path):
    return labtemplate.read(open_site(folder))


def read_as_allan_lab(tmp_path: Path):
    """The same files as the Allan lab's own site: the template's content is its data."""
    folder = copy_site(tmp_path)
    config = folder / "_config.yml"
    config.write_text(config.read_text().replace("title: The Chao Lab", "title: Allan Lab"))
    return read(folder)


def date(year, month=1, day=1):
    return datetime.date(year, month, day)
