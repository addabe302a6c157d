"""Hostile and broken archives are refused with a clear message, and nothing is written
(through the importsite command, so "refused" means what a user sees)."""

import io
import os
import stat
import struct
import zipfile

import pytest
from django.core.management import CommandError, call_command

from people.models import PersonSection
from publications.models import Publication
from siteimport.source import UnreadableSite, open_site
from tests.factories import make_person

PAGE = b"## Publications\n\n**A Paper**\n*Jane Doe.*\nOSDI 2021\n"


@pytest.fixture
def jane(lab_a):
    return make_person(lab=lab_a, full_name="Jane Doe", slug="jane")


def _zip(tmp_path, members, name="site.zip"):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members:
            if isinstance(member, zipfile.ZipInfo):
                archive.writestr(member, data)
            else:
                archive.writestr(member, data)
    return path


def _refused(path, lab, person, match):
    sections = PersonSection.objects.for_lab(lab).count()
    with pytest.raises(CommandError, match=match):
        call_command("importsite", str(path), "--lab", lab.slug, "--person", person.slug,
                     stdout=io.StringIO(), stderr=io.StringIO())
    assert Publication.objects.for_lab(lab).count() == 0
    assert PersonSection.objects.for_lab(lab).count() == sections


def test_a_zip_bomb_is_refused(tmp_path, lab_a, jane):
    bomb = _zip(tmp_path, [("site/index.md", PAGE), ("site/big.md", b"\0" * (8 * 2**20))])
    assert bomb.stat().st_size < 100_000
    _refused(bomb, lab_a, jane, "zip bomb")


def test_a_member_whose_header_lies_about_its_size_is_refused(tmp_path, lab_a, jane):
    path = _zip(tmp_path, [("site/index.md", PAGE * 50)])
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        struct.pack_into("<I", data, at + offset, 10)  # "10 bytes": the data is far more
    path.write_bytes(bytes(data))
    _refused(path, lab_a, jane, "index.md")


@pytest.mark.parametrize("member", ["../x.md", "site/../../x.md", "/etc/passwd",
                                    "C:\\Windows\\x.md", "site\\..\\..\\x.md"])
def test_paths_outside_the_archive_are_refused(tmp_path, lab_a, jane, member):
    path = _zip(tmp_path, [("site/index.md", PAGE), (zipfile.ZipInfo(member), b"x")])
    _refused(path, lab_a, jane, "outside its folder")


def test_a_symlink_member_is_refused(tmp_path, lab_a, jane):
    link = zipfile.ZipInfo("site/evil.md")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = _zip(tmp_path, [("site/index.md", PAGE), (link, b"/etc/passwd")])
    _refused(path, lab_a, jane, "symbolic link")


def test_a_folders_symlinks_are_never_followed(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.md").write_bytes(PAGE)
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    os.symlink(secret, folder / "photo.md")
    assert open_site(folder).files() == ["index.md"]


def test_ten_thousand_files_are_refused(tmp_path, lab_a, jane):
    members = [(f"site/f{i}.md", b"") for i in range(10_000)]
    _refused(_zip(tmp_path, members), lab_a, jane, "10,000 files; at most 5,000")


def test_a_file_that_is_not_a_zip_is_refused(tmp_path, lab_a, jane):
    path = tmp_path / "site.zip"
    path.write_bytes(b"<html>not an archive</html>")
    _refused(path, lab_a, jane, "not a readable .zip archive")


def test_an_empty_zip_is_refused(tmp_path, lab_a, jane):
    path = tmp_path / "empty.zip"
    zipfile.ZipFile(path, "w").close()
    _refused(path, lab_a, jane, "empty archive")


def test_limits_are_settings_read_at_call_time(tmp_path, settings):
    settings.LABSITE_SITE_IMPORT_MAX_FILES = 2
    path = _zip(tmp_path, [("site/a.md", b""), ("site/b.md", b""), ("site/c.md", b"")])
    with pytest.raises(UnreadableSite, match="at most 2 are read"):
        open_site(path)
    settings.LABSITE_SITE_IMPORT_MAX_ARCHIVE_BYTES = 10
    with pytest.raises(UnreadableSite, match="larger than"):
        open_site(path)
