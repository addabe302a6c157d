"""loadlab on hostile archives: bombs and lying headers are refused with bounded memory, and
only the lab's own images, re-encoded, are ever stored, under the lab's own folder."""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from labsite.models import Lab
from tests.factories import make_lab
from tests.memory import run_measuring_peak
from tests.people.imagedata import jpeg_bytes, png_bytes
from tests.production.test_backup import build_full_lab, dump_to, lab_json

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
MB = 1024 * 1024


def lab_document(slug="bomb", files=None, **extra) -> dict:
    return {
        "format": "labsite-lab-archive",
        "version": 1,
        "lab": {"slug": slug, "name": "Bomb Lab"},
        "models": {},
        "files": files or {},
        **extra,
    }


def write_zeros_member(archive: zipfile.ZipFile, name: str, size: int) -> None:
    """``size`` zero bytes, streamed into the zip: the test never holds them in memory."""
    with archive.open(name, "w", force_zip64=size > 2**31) as handle:
        chunk = bytes(MB)
        for _ in range(size // MB):
            handle.write(chunk)
        handle.write(bytes(size % MB))


def zip_bomb(path: Path, size: int, *, member="media/labs/bomb/photo.jpg") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        name = member.removeprefix("media/")
        archive.writestr("lab.json", json.dumps(lab_document(files={name: {"size": size}})))
        write_zeros_member(archive, member, size)
    return path


def json_bomb(path: Path, size: int) -> Path:
    """A lab.json of ``size`` bytes (a real, parseable document) in a tiny zip."""
    head = json.dumps(lab_document())[:-1] + ', "padding": ['
    body_items = (size - len(head) - 2) // 2
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("lab.json", "w") as handle,
    ):
        handle.write(head.encode())
        handle.write(b"0," * (body_items - 1) + b"0")
        handle.write(b"]}")
    return path


def loadlab(*args) -> str:
    """Runs loadlab in-process; returns its error message (it must refuse)."""
    with pytest.raises(CommandError) as refused:
        call_command("loadlab", *map(str, args), stdout=io.StringIO(), stderr=io.StringIO())
    return str(refused.value)


def media_files(root: Path) -> dict[str, bytes]:
    root = Path(root)
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


# --- Bombs and lying headers ----------------------------------------------------------------


def test_a_zip_bomb_at_the_default_limits_is_refused_from_the_directory(tmp_path, media_root):
    archive = zip_bomb(tmp_path / "bomb.zip", 1024 * MB)
    assert archive.stat().st_size < 6 * MB  # 1 GiB of zeros
    message = loadlab(archive)
    assert "Nothing was loaded: media/labs/bomb/photo.jpg in the archive unpacks to 1.0 GB" in (
        message
    )
    assert "over the limit of 32.0 MB (LABSITE_ARCHIVE_MAX_MEMBER_BYTES)" in message
    assert not Lab.objects.exists() and media_files(media_root) == {}


def test_a_json_bomb_at_the_default_limits_is_refused(tmp_path):
    archive = json_bomb(tmp_path / "json-bomb.zip", 100 * MB)
    assert archive.stat().st_size < 1 * MB
    message = loadlab(archive)
    assert "lab.json in the archive unpacks to 100.0 MB, over the limit of 64.0 MB" in message
    assert "LABSITE_ARCHIVE_MAX_JSON_BYTES" in message
    assert not Lab.objects.exists()


def test_a_highly_compressed_member_under_the_size_limits_is_refused_by_its_ratio(tmp_path):
    archive = zip_bomb(tmp_path / "ratio.zip", 8 * MB)  # 8 MB of zeros: about 1000:1
    message = loadlab(archive)
    assert "media/labs/bomb/photo.jpg in the archive is compressed more than 100:1" in message
    assert "zip bomb (LABSITE_ARCHIVE_MAX_RATIO)" in message


@pytest.mark.parametrize(
    "setting, value, expected",
    [
        ("LABSITE_ARCHIVE_MAX_MEMBER_BYTES", 1 * MB, "unpacks to 3.0 MB, over the limit of 1.0 MB"),
        ("LABSITE_ARCHIVE_MAX_BYTES", 2 * MB, "The archive unpacks to 3.0 MB, over the limit"),
        ("LABSITE_ARCHIVE_MAX_MEMBERS", 1, "The archive has 2 members; the limit is 1"),
    ],
)
def test_each_limit_is_a_setting(tmp_path, settings, media_root, setting, value, expected):
    settings.LABSITE_ARCHIVE_MAX_RATIO = 10_000
    setattr(settings, setting, value)
    message = loadlab(zip_bomb(tmp_path / "small.zip", 3 * MB))
    assert expected in message and setting in message
    assert not Lab.objects.exists() and media_files(media_root) == {}


def lying_zip(path: Path, *, real_size: int, declared: int) -> Path:
    """A zip whose central directory says the media member is ``declared`` bytes long while
    its compressed data unpacks to ``real_size`` bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "lab.json",
            json.dumps(lab_document(files={"labs/bomb/x.png": {"size": declared, "sha256": ""}})),
        )
        write_zeros_member(archive, "media/labs/bomb/x.png", real_size)
    data = bytearray(path.read_bytes())
    for signature, size_offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        position = data.rfind(signature)  # the media member's header comes last
        assert position >= 0
        data[position + size_offset : position + size_offset + 4] = struct.pack("<I", declared)
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as check:
        assert check.getinfo("media/labs/bomb/x.png").file_size == declared  # the lie holds
    return path


def test_a_member_larger_than_its_header_says_is_refused(tmp_path, media_root):
    archive = lying_zip(tmp_path / "lying.zip", real_size=50 * MB, declared=1000)
    message = loadlab(archive)
    assert "media/labs/bomb/x.png in the archive is damaged" in message
    assert not Lab.objects.exists() and media_files(media_root) == {}


def test_a_deeply_nested_json_is_refused_with_a_message(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"format": "labsite-lab-archive", "x": ' + "[" * 200_000 + "]" * 200_000 + "}")
    assert "nested too deeply" in loadlab(path)


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory) -> Path:
    """A migrated SQLite file for ``manage.py`` runs (copied for each test)."""
    folder = tmp_path_factory.mktemp("template-db")
    env = {**os.environ, "DEBUG": "1", "LABSITE_VAR_DIR": str(folder),
           "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, env=env,
                   check=True, timeout=300)
    return folder / "db.sqlite3"


def lab_count(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute("select count(*) from labsite_lab").fetchone()[0]


def peak_loadlab(archive: Path, tmp_path: Path) -> tuple[int, str, float]:
    """``manage.py loadlab`` in its own process: exit code, stderr and peak memory in MB."""
    env = {
        **os.environ,
        "DEBUG": "1",
        "LABSITE_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result, peak = run_measuring_peak(
        [sys.executable, "manage.py", "loadlab", str(archive)], env=env, cwd=BASE_DIR
    )
    return result.returncode, result.stderr, peak


@pytest.mark.parametrize(
    "make, member",
    [
        (lambda path: zip_bomb(path, 512 * MB), "media/labs/bomb/photo.jpg"),
        (lambda path: json_bomb(path, 100 * MB), "lab.json"),
        (lambda path: lying_zip(path, real_size=300 * MB, declared=1000), "media/labs/bomb/x.png"),
    ],
    ids=["zip-bomb-512MB", "json-bomb-100MB", "lying-header-300MB"],
)
def test_loadlab_refuses_bombs_with_little_memory(tmp_path, migrated_database, make, member):
    shutil.copy(migrated_database, tmp_path / "db.sqlite3")
    archive = make(tmp_path / "hostile.zip")
    code, stderr, peak = peak_loadlab(archive, tmp_path)
    assert code != 0
    assert f"Nothing was loaded: {member}" in stderr and "Traceback" not in stderr
    assert peak < 300, f"loadlab peaked at {peak:.0f} MB"
    assert lab_count(tmp_path / "db.sqlite3") == 0
    media = tmp_path / "var" / "media"
    assert not media.exists() or not [path for path in media.rglob("*") if path.is_file()]


# --- Media: only the lab's own images, under its own folder ---------------------------------


def with_media(archive: bytes, media: dict[str, bytes], *, lab_changes=None) -> bytes:
    """The archive with extra media files, listed in ``files`` with matching checksums."""
    data = json.loads(lab_json(archive))
    for name, content in media.items():
        data["files"][name] = {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
    data["lab"].update(lab_changes or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as old, zipfile.ZipFile(buffer, "w") as new:
        for info in old.infolist():
            content = json.dumps(data).encode() if info.filename == "lab.json" else old.read(info)
            new.writestr(info.filename, content)
        for name, content in media.items():
            new.writestr("media/" + name, content)
    return buffer.getvalue()


@pytest.fixture
def other_lab_files(media_root):
    """Another lab on this deployment, with files in its own folder."""
    make_lab(slug="other-lab", name="Other Lab", hosts=["other.example.org"])
    names = [
        default_storage.save("labs/other-lab/x.jpg", ContentFile(jpeg_bytes(40, 40))),
        default_storage.save("labs/other-lab/people/ada.jpg", ContentFile(jpeg_bytes(30, 30))),
    ]
    return {name: default_storage.open(name).read() for name in names}


@pytest.mark.parametrize(
    "name, message",
    [
        ("labs/other-lab/x.jpg", "media/labs/other-lab/x.jpg: the file is in another lab's folder"),
        ("labs/other-lab/people/ada.jpg", "in another lab's folder; only files under labs/full/"),
        ("labs/full/../other-lab/x.jpg", "Unsafe file name"),
        ("../other-lab/x.jpg", "Unsafe file name"),
        ("/srv/media/labs/other-lab/x.jpg", "Unsafe file name"),
        ("labs/x.jpg", "media/labs/x.jpg: the file is in no lab's folder"),
    ],
)
def test_files_outside_the_labs_own_folder_are_refused(
    tmp_path, media_root, other_lab_files, name, message
):
    archive = with_media(dump_to(tmp_path / "lab.zip", build_full_lab().slug), {
        name: jpeg_bytes(20, 20, colour=(0, 0, 0))
    })
    (tmp_path / "hostile.zip").write_bytes(archive)
    before = media_files(media_root)
    refusal = loadlab(tmp_path / "hostile.zip", "--slug", "copy")
    assert message in refusal
    assert media_files(media_root) == before  # nothing written, the other lab's files intact
    assert {name: default_storage.open(name).read() for name in other_lab_files} == (
        other_lab_files
    )
    assert not Lab.objects.filter(slug="copy").exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("labs/full/page.html", b"<html><script>alert(1)</script></html>", ".html is not one"),
        ("labs/full/markdownx/d.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', ".svg is not"),
        ("labs/full/notes", b"plain text", "a name without an extension is not one"),
        ("labs/full/markdownx/fig.png", b'<svg onload="alert(1)"/>', "SVG drawing"),
        ("labs/full/markdownx/a.gif", b"GIF89a", ".gif is not one"),
        ("labs/full/markdownx/j.png", jpeg_bytes(30, 30), "a JPG image under a PNG name"),
    ],
)
def test_only_images_of_the_kinds_the_lab_stores_are_restored(
    tmp_path, media_root, name, content, message
):
    archive = with_media(dump_to(tmp_path / "lab.zip", build_full_lab().slug), {name: content})
    (tmp_path / "hostile.zip").write_bytes(archive)
    before = media_files(media_root)
    refusal = loadlab(tmp_path / "hostile.zip", "--slug", "copy")
    assert f"media/{name}" in refusal and message in refusal
    assert media_files(media_root) == before


def test_images_are_re_encoded_so_only_pixels_are_stored(tmp_path, media_root):
    polyglot = png_bytes(64, 48, mode="RGB", colour=(9, 99, 199)) + b"<script>alert(1)</script>"
    lab = build_full_lab()
    archive = with_media(
        dump_to(tmp_path / "lab.zip", lab.slug),
        {"labs/full/markdownx/poly.png": polyglot},
        lab_changes={"about": "See ![x](/media/labs/full/markdownx/poly.png)"},
    )
    (tmp_path / "poly.zip").write_bytes(archive)
    call_command("loadlab", str(tmp_path / "poly.zip"), "--slug", "copy",
                 stdout=io.StringIO(), stderr=io.StringIO())
    copy = Lab.objects.get(slug="copy")
    stored = copy.about.split("(/media/")[1].rstrip(")")
    assert stored.startswith("labs/copy/markdownx/poly")
    data = default_storage.open(stored).read()
    assert b"<script" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG" and image.size == (64, 48)
        assert image.convert("RGB").getpixel((10, 10)) == (9, 99, 199)


def test_a_copy_stores_everything_under_its_own_folder(tmp_path, media_root):
    """--slug moves labs/<old>/… to labs/<new>/…; an older archive's shared markdownx/ path
    moves into the lab's folder too, and the text that shows it follows."""
    lab = build_full_lab()
    legacy = png_bytes(30, 30, mode="RGB", colour=(200, 10, 10))
    archive = with_media(
        dump_to(tmp_path / "lab.zip", lab.slug),
        {"markdownx/legacy.png": legacy},
        lab_changes={"about": "Old ![fig](/media/markdownx/legacy.png)"},
    )
    (tmp_path / "old.zip").write_bytes(archive)
    before = media_files(media_root)
    call_command("loadlab", str(tmp_path / "old.zip"), "--slug", "copy",
                 stdout=io.StringIO(), stderr=io.StringIO())
    new_files = set(media_files(media_root)) - set(before)
    assert new_files and all(name.startswith("labs/copy/") for name in new_files), new_files
    copy = Lab.objects.get(slug="copy")
    assert copy.about == "Old ![fig](/media/labs/copy/markdownx/legacy.png)"
    assert "labs/copy/markdownx/legacy.png" in new_files
    assert {name: media_files(media_root)[name] for name in before} == before  # untouched


def test_an_unsafe_slug_is_refused_before_anything_is_written(
    tmp_path, media_root, other_lab_files
):
    dump_to(tmp_path / "lab.zip", build_full_lab().slug)
    before = media_files(media_root)
    assert "slug '../other-lab' is not valid" in loadlab(
        tmp_path / "lab.zip", "--slug", "../other-lab"
    )
    assert media_files(media_root) == before


def test_dumplab_leaves_another_labs_files_out(tmp_path, media_root, other_lab_files):
    lab = build_full_lab()
    lab.about = "Borrowed ![x](/media/labs/other-lab/x.jpg)"
    lab.save()
    err = io.StringIO()
    call_command("dumplab", lab.slug, "-o", str(tmp_path / "lab.zip"), stdout=io.StringIO(),
                 stderr=err)
    with zipfile.ZipFile(tmp_path / "lab.zip") as archive:
        assert not any("other-lab" in name for name in archive.namelist())
    assert "labs/other-lab/x.jpg belongs to another lab's folder; not included" in err.getvalue()
