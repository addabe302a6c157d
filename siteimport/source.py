"""A site to import, read from a folder or a ``.zip`` without ever extracting it.

Readers see only this interface: ``files()`` (every regular file, "/"-separated paths relative
to the site's root), ``exists``, ``read_bytes`` and ``read_text``. A GitHub "Download ZIP"
wraps the repository in one folder ("site-main/"); that folder becomes the root.

Bounds are checked before anything is read: archive size, member count, total and per-file
uncompressed bytes, compression ratio; members with absolute paths, ``..`` parts, or that are
symlinks are refused (a folder's symlinks are skipped, never followed).
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from django.conf import settings


class UnreadableSite(ValueError):
    """A sentence for the person who gave us the site."""


# The limits are declared once, with their defaults, in config/settings.py; read at call
# time so tests (and a running process's override_settings) change them.
def max_archive_bytes() -> int:
    return settings.LABSITE_SITE_IMPORT_MAX_ARCHIVE_BYTES


def max_files() -> int:
    return settings.LABSITE_SITE_IMPORT_MAX_FILES


def max_total_bytes() -> int:
    return settings.LABSITE_SITE_IMPORT_MAX_TOTAL_BYTES


def max_file_bytes() -> int:
    return settings.LABSITE_SITE_IMPORT_MAX_FILE_BYTES


def describe_size(size: int) -> str:
    """ "200 MB", or "5,000 bytes" for limits below a megabyte (tests, small deployments)."""
    return f"{size // 2**20:,} MB" if size >= 2**20 else f"{size:,} bytes"


# Text and images compress 2-20 times; a member claiming far more is a zip bomb.
MAX_COMPRESSION_RATIO = 200
_RATIO_CHECKED_ABOVE = 1024 * 1024  # tiny files may compress absurdly well, harmlessly


class SiteSource:
    name: str  # what the user gave: "site.zip", "/path/to/folder"

    def files(self) -> list[str]:
        raise NotImplementedError

    def exists(self, path: str) -> bool:
        return path in self._index()

    def size(self, path: str) -> int:
        return self._index()[path]

    def read_bytes(self, path: str) -> bytes:
        raise NotImplementedError

    def read_text(self, path: str) -> str:
        """The file as text: UTF-8 (BOM dropped), else Latin-1; mojibake is repaired by the
        readers' markup helpers, not here."""
        data = self.read_bytes(path)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return data.decode("latin-1")

    def glob(self, pattern: str) -> list[str]:
        return sorted(path for path in self.files() if PurePosixPath(path).match(pattern))

    def _index(self) -> dict[str, int]:
        raise NotImplementedError


def _check_member_path(path: str) -> str:
    pure = PurePosixPath(path.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or (pure.parts and ":" in pure.parts[0]):
        raise UnreadableSite(f"The archive holds a file outside its folder: {path!r}.")
    return str(pure)


def _strip_common_root(paths: dict[str, int]) -> tuple[str, dict[str, int]]:
    tops = {path.split("/", 1)[0] for path in paths}
    if len(tops) == 1 and all("/" in path for path in paths):
        root = tops.pop() + "/"
        return root, {path[len(root):]: size for path, size in paths.items()}
    return "", paths


class ZipSiteSource(SiteSource):
    def __init__(self, path_or_file, *, name: str = ""):
        self.name = name or str(path_or_file)
        try:
            self._zip = zipfile.ZipFile(path_or_file)
        except (zipfile.BadZipFile, OSError) as error:
            raise UnreadableSite(f"{self.name} is not a readable .zip archive ({error}).") from None
        members: dict[str, int] = {}
        total = 0
        infos = self._zip.infolist()
        if len(infos) > max_files():
            raise UnreadableSite(
                f"{self.name} holds {len(infos):,} files; at most {max_files():,} are read."
            )
        for info in infos:
            if info.is_dir():
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                raise UnreadableSite(f"{self.name} holds a symbolic link: {info.filename!r}.")
            path = _check_member_path(info.filename)
            if (info.file_size > _RATIO_CHECKED_ABOVE
                    and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)):
                raise UnreadableSite(
                    f"{self.name} holds {info.filename!r}, which unpacks to "
                    f"{info.file_size:,} bytes from {info.compress_size:,}: refused as a zip bomb."
                )
            if info.file_size > max_file_bytes():
                continue  # too big to be content; readers never see it
            total += info.file_size
            if total > max_total_bytes():
                raise UnreadableSite(
                    f"{self.name} unpacks to more than {describe_size(max_total_bytes())}."
                )
            members[path] = info.file_size
        if not members:
            raise UnreadableSite(f"{self.name} is an empty archive: it holds no files.")
        self._root, self._members = _strip_common_root(members)

    def _index(self):
        return self._members

    def files(self):
        return sorted(self._members)

    def read_bytes(self, path: str) -> bytes:
        if path not in self._members:
            raise KeyError(path)
        limit = self._members[path]
        try:
            with self._zip.open(self._root + path) as member:
                data = member.read(limit + 1)  # the header's size may lie: never read past it
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
            raise UnreadableSite(f"{self.name}: {path} cannot be read ({error}).") from None
        if len(data) > limit:
            raise UnreadableSite(f"{self.name}: {path} is larger than its archive entry says.")
        return data


class FolderSiteSource(SiteSource):
    # Not content, and large: a checkout's history and build output.
    IGNORED = {".git", "_site", "node_modules", "public", "resources", ".jekyll-cache"}

    def __init__(self, folder: str | Path):
        self.name = str(folder)
        self._folder = Path(folder)
        if not self._folder.is_dir():
            raise UnreadableSite(f"{self.name} is not a folder.")
        members: dict[str, int] = {}
        total = 0
        for path in sorted(self._walk(self._folder)):
            size = path.stat().st_size
            if size > max_file_bytes():
                continue
            members[path.relative_to(self._folder).as_posix()] = size
            total += size
            if len(members) > max_files():
                raise UnreadableSite(f"{self.name} holds more than {max_files():,} files.")
            if total > max_total_bytes():
                raise UnreadableSite(
                    f"{self.name} holds more than {describe_size(max_total_bytes())}."
                )
        self._members = members

    def _walk(self, folder: Path):
        for entry in folder.iterdir():
            if entry.is_symlink() or entry.name in self.IGNORED:
                continue
            if entry.is_dir():
                yield from self._walk(entry)
            elif entry.is_file():
                yield entry

    def _index(self):
        return self._members

    def files(self):
        return list(self._members)

    def read_bytes(self, path: str) -> bytes:
        if path not in self._members:
            raise KeyError(path)
        return (self._folder / path).read_bytes()


def open_site(source: str | Path, *, name: str = "") -> SiteSource:
    path = Path(source)
    if path.is_dir():
        return FolderSiteSource(path)
    if path.is_file():
        if path.stat().st_size > max_archive_bytes():
            raise UnreadableSite(
                f"{path.name} is larger than {describe_size(max_archive_bytes())}."
            )
        return ZipSiteSource(path, name=name or path.name)
    raise UnreadableSite(f"{source} is neither a folder nor a .zip file.")
