"""Reading a lab archive (``loadlab``) with bounds: nothing is trusted before it is counted.

* The zip's directory is checked before any member is read: how many members, each
  member's declared size (``lab.json`` and media files have their own limits), the total,
  and the compression ratio of every member over :data:`RATIO_FLOOR` bytes (a zip bomb
  compresses 1000:1; our JSON about 10:1, images about 1:1).
* Declared sizes can lie, so members are streamed in chunks and the same limits are
  counted again on the bytes that actually come out; media go to a spooled temporary
  file (on disk past 1 MB), never all into memory.
* Which media files a lab may have, and how they are re-encoded: archive/media.py.

Every refusal is an :class:`ArchiveError` naming the member and the limit or the reason.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from archive.format import FORMAT, JSON_NAME, MEDIA_PREFIX, VERSION, ArchiveError
from archive.media import safe_name

# Smaller members may compress better than the ratio (a short JSON, a blank icon): harmless.
RATIO_FLOOR = 64 * 1024
CHUNK_BYTES = 256 * 1024
SPOOL_BYTES = 1024 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    total_bytes: int
    member_bytes: int
    json_bytes: int
    members: int
    ratio: int

    @classmethod
    def from_settings(cls) -> ArchiveLimits:
        """Read when an archive is opened (declared, with defaults, in config/settings.py)."""
        return cls(
            total_bytes=settings.LABSITE_ARCHIVE_MAX_BYTES,
            member_bytes=settings.LABSITE_ARCHIVE_MAX_MEMBER_BYTES,
            json_bytes=settings.LABSITE_ARCHIVE_MAX_JSON_BYTES,
            members=settings.LABSITE_ARCHIVE_MAX_MEMBERS,
            ratio=settings.LABSITE_ARCHIVE_MAX_RATIO,
        )


def _size(count: int) -> str:
    return filesizeformat(count).replace("\xa0", " ")


class ArchiveReader:
    """An open archive (zip, or a plain ``lab.json``): ``with ArchiveReader(path) as r``."""

    def __init__(self, path_or_file, *, limits: ArchiveLimits | None = None):
        self.source = path_or_file
        self.limits = limits or ArchiveLimits.from_settings()
        self.zip: zipfile.ZipFile | None = None
        self.entries: dict[str, zipfile.ZipInfo] = {}
        self.unpacked = 0  # bytes that really came out of the zip so far

    def __enter__(self) -> ArchiveReader:
        try:
            if zipfile.is_zipfile(self.source):
                self.zip = zipfile.ZipFile(self.source)
                self._check_directory()
        except (zipfile.BadZipFile, zipfile.LargeZipFile) as error:
            self.close()
            raise ArchiveError(f"The archive is not a readable zip file ({error}).") from error
        except OSError as error:
            self.close()
            raise ArchiveError(f"Cannot read the archive: {error}.") from error
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()

    # --- Before reading anything: the zip's own directory ----------------------------------

    def _check_directory(self) -> None:
        limits = self.limits
        infos = [info for info in self.zip.infolist() if not info.is_dir()]
        if len(infos) > limits.members:
            raise ArchiveError(
                f"The archive has {len(infos)} members; the limit is {limits.members} "
                "(LABSITE_ARCHIVE_MAX_MEMBERS)."
            )
        for info in infos:
            if info.filename in self.entries:
                raise ArchiveError(f"The archive holds {info.filename} twice.")
            self.entries[info.filename] = info
            limit, setting = self._member_limit(info.filename)
            if info.file_size > limit:
                raise ArchiveError(
                    f"{info.filename} in the archive unpacks to {_size(info.file_size)}, over "
                    f"the limit of {_size(limit)} ({setting})."
                )
            if info.file_size > RATIO_FLOOR and info.file_size > limits.ratio * max(
                info.compress_size, 1
            ):
                raise ArchiveError(self._ratio_message(info))
        total = sum(info.file_size for info in infos)
        if total > limits.total_bytes:
            raise ArchiveError(
                f"The archive unpacks to {_size(total)}, over the limit of "
                f"{_size(limits.total_bytes)} (LABSITE_ARCHIVE_MAX_BYTES)."
            )
        if JSON_NAME not in self.entries:
            raise ArchiveError(f"The archive has no {JSON_NAME}: it is not a lab archive.")

    def _member_limit(self, name: str) -> tuple[int, str]:
        if name == JSON_NAME:
            return self.limits.json_bytes, "LABSITE_ARCHIVE_MAX_JSON_BYTES"
        return self.limits.member_bytes, "LABSITE_ARCHIVE_MAX_MEMBER_BYTES"

    def _ratio_message(self, info: zipfile.ZipInfo) -> str:
        return (
            f"{info.filename} in the archive is compressed more than {self.limits.ratio}:1 "
            f"({_size(info.compress_size)} unpacking to {_size(info.file_size)} or more): "
            "refused as a likely zip bomb (LABSITE_ARCHIVE_MAX_RATIO)."
        )

    # --- Reading: streamed, counted again ---------------------------------------------------

    def _stream(self, info: zipfile.ZipInfo, sink) -> None:
        """Copies one member into ``sink`` in chunks, counting what really comes out."""
        limit, setting = self._member_limit(info.filename)
        out = 0
        try:
            with self.zip.open(info) as handle:
                while chunk := handle.read(CHUNK_BYTES):
                    out += len(chunk)
                    self.unpacked += len(chunk)
                    if out > info.file_size:
                        raise ArchiveError(
                            f"{info.filename} in the archive is larger than its header says "
                            f"({info.file_size} bytes): the archive is damaged or forged."
                        )
                    if out > limit:
                        raise ArchiveError(
                            f"{info.filename} in the archive unpacks to more than "
                            f"{_size(limit)} ({setting})."
                        )
                    if self.unpacked > self.limits.total_bytes:
                        raise ArchiveError(
                            "The archive unpacks to more than "
                            f"{_size(self.limits.total_bytes)} (LABSITE_ARCHIVE_MAX_BYTES)."
                        )
                    if out > RATIO_FLOOR and out > self.limits.ratio * max(info.compress_size, 1):
                        raise ArchiveError(self._ratio_message(info))
                    sink.write(chunk)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError,
                NotImplementedError) as error:
            raise ArchiveError(f"{info.filename} in the archive is damaged ({error}).") from error
        if out != info.file_size:
            raise ArchiveError(f"{info.filename} in the archive is damaged (it is cut short).")

    def read_json(self) -> dict:
        """The parsed ``lab.json`` (of the zip, or the plain JSON file), checked for format."""
        limit = self.limits.json_bytes
        if self.zip is not None:
            raw = _Buffer()
            self._stream(self.entries[JSON_NAME], raw)
        else:
            try:
                if hasattr(self.source, "read"):
                    self.source.seek(0)
                    raw = self.source.read(limit + 1)
                else:
                    with open(self.source, "rb") as handle:
                        raw = handle.read(limit + 1)
            except FileNotFoundError:
                raise
            except OSError as error:
                raise ArchiveError(f"Cannot read the archive: {error}.") from error
            if len(raw) > limit:
                raise ArchiveError(
                    f"The lab JSON is larger than {_size(limit)} "
                    "(LABSITE_ARCHIVE_MAX_JSON_BYTES)."
                )
        return _parse_json(raw)

    def media_index(self, data: dict) -> dict[str, dict]:
        """``files`` of ``lab.json``: every name safe, in the zip, with its size and checksum."""
        index = data.get("files") or {}
        if not isinstance(index, dict):
            raise ArchiveError('"files" must be an object of file names.')
        for name, meta in index.items():
            safe_name(name)
            if not isinstance(meta, dict):
                raise ArchiveError(f'The entry of {name} in "files" must be an object.')
            if self.zip is not None and MEDIA_PREFIX + name not in self.entries:
                raise ArchiveError(f"The archive lists {name} but does not contain it.")
        return index if self.zip is not None else {}

    def media_file(self, name: str, meta: dict):
        """The member ``media/<name>`` in a temporary file, its size and checksum verified."""
        info = self.entries[MEDIA_PREFIX + name]
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 -- the caller closes it
        try:
            digest = _Hashing(spool)
            self._stream(info, digest)
            if digest.size != meta.get("size") or digest.hexdigest() != meta.get("sha256"):
                raise ArchiveError(f"{name} in the archive is damaged (size or checksum differ).")
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        return spool


class _Buffer(bytearray):
    """Chunks appended in place: one copy of the JSON in memory, not two."""

    def write(self, chunk: bytes) -> None:
        self.extend(chunk)


class _Hashing:
    def __init__(self, sink):
        self.sink = sink
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, chunk: bytes) -> None:
        self.sha256.update(chunk)
        self.size += len(chunk)
        self.sink.write(chunk)

    def hexdigest(self) -> str:
        return self.sha256.hexdigest()


def _parse_json(raw: bytes | bytearray) -> dict:
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ArchiveError(f"The lab JSON is not valid JSON ({error}).") from error
    except RecursionError as error:
        raise ArchiveError("The lab JSON is nested too deeply to be a lab archive.") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArchiveError(f'This is not a lab archive (no "format": "{FORMAT}").')
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise ArchiveError("The archive has no valid format version.")
    if version > VERSION:
        raise ArchiveError(
            f"The archive has format version {version}; this labsite reads up to version "
            f"{VERSION}. Upgrade labsite to load it."
        )
    if not isinstance(data.get("lab"), dict) or not isinstance(data.get("models"), dict):
        raise ArchiveError('The archive needs a "lab" object and a "models" object.')
    return data
