"""Fixture sites for the siteimport tests: a copy of a fixture folder (with the images the
pages name made on the fly: nothing binary is checked in), and its .zip."""

import io
import shutil
import zipfile
from pathlib import Path

from django.core.management import call_command

from tests.people.imagedata import jpeg_bytes

SITES = Path(__file__).parent / "sites"
# The five real seed pages, copied into the repository (seed_000.txt … seed_004.txt).
SEED_DATA = Path(__file__).parents[1] / "seeds" / "data"


def site_folder(tmp_path, name: str, images=()) -> Path:
    folder = tmp_path / f"{name}-main"
    shutil.copytree(SITES / name, folder, ignore=shutil.ignore_patterns("README.md"))
    for image in images:
        (folder / image).write_bytes(jpeg_bytes(400, 400))
    return folder


def zip_folder(folder: Path, archive: Path | None = None, *, root: str = "") -> Path:
    """As GitHub's "Download ZIP": everything inside one top folder (``root``, by default
    the folder's own name), written to ``archive`` (by default beside the folder)."""
    archive = archive or folder.with_suffix(".zip")
    root = root or folder.name
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                out.write(path, f"{root}/{path.relative_to(folder).as_posix()}")
    return archive


def run_importsite(*args) -> tuple[str, str]:
    """``manage.py importsite *args``: (what it printed, its progress lines)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("importsite", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def zipped(folder: Path, tmp_path: Path) -> Path:
    """A fixture folder zipped into ``tmp_path`` under "<name>-main/", leaving it as it is."""
    return zip_folder(folder, tmp_path / f"{folder.name}.zip", root=f"{folder.name}-main")
