"""Parsers for publication lists exported from Google Scholar and friends.

``parse`` turns the bytes of an uploaded file into a :class:`ParseResult`:
the entries it could read and, for everything else, an error naming the file,
line and entry. Nothing here touches the database.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePath

from publications.choices import ImportFormat

from . import bibtex, endnote, openalex_works, orcid, ris, scholar_csv, scholarly_json
from .base import (
    ParsedAuthor,
    ParsedEntry,
    ParseError,
    ParseResult,
    RawRecord,
    UnreadableFileError,
)
from .normalize import build_entry

__all__ = [
    "ParseError",
    "ParseResult",
    "ParsedAuthor",
    "ParsedEntry",
    "UnreadableFileError",
    "detect_format",
    "parse",
]

logger = logging.getLogger(__name__)

RecordReader = Callable[[str], Iterator[RawRecord | ParseError]]

READERS: dict[str, RecordReader] = {
    ImportFormat.BIBTEX: bibtex.read_records,
    ImportFormat.SCHOLAR_CSV: scholar_csv.read_records,
    ImportFormat.RIS: ris.read_records,
    ImportFormat.ENDNOTE: endnote.read_records,
    ImportFormat.SCHOLARLY_JSON: scholarly_json.read_records,
    ImportFormat.ORCID_JSON: orcid.read_records,
    ImportFormat.OPENALEX_JSON: openalex_works.read_records,
}

_EXTENSIONS = {
    ".bib": ImportFormat.BIBTEX,
    ".bibtex": ImportFormat.BIBTEX,
    ".csv": ImportFormat.SCHOLAR_CSV,
    ".ris": ImportFormat.RIS,
    ".enw": ImportFormat.ENDNOTE,
    ".json": ImportFormat.SCHOLARLY_JSON,
}

# What each format looks like from the inside; the earliest match in the file wins.
_SIGNATURES = {
    ImportFormat.BIBTEX: re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.MULTILINE),
    ImportFormat.RIS: re.compile(r"^TY {1,2}-", re.MULTILINE),
    ImportFormat.ENDNOTE: re.compile(r"^%0 ", re.MULTILINE),
    ImportFormat.SCHOLARLY_JSON: re.compile(r"\A\s*[{\[]"),
    ImportFormat.ORCID_JSON: re.compile(r'\A\s*\{\s*"bulk"\s*:'),
    ImportFormat.OPENALEX_JSON: re.compile(
        r'\A\s*\{\s*"meta"\s*:\s*\{[^{}]*\}\s*,\s*"results"\s*:'),
    ImportFormat.SCHOLAR_CSV: re.compile(
        r"\A\s*" + re.escape(",".join(scholar_csv.EXPECTED_HEADER)), re.IGNORECASE
    ),
}
# A first line of three or more comma-separated cells: a CSV (whose header will be
# reported as wrong) if nothing more specific matched.
_CSV_LIKE = re.compile(r"\A[^\n]*,[^\n]*,")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_FORMATS_WE_READ = ("BibTeX, a Google Scholar CSV, RIS, EndNote (.enw), gs_data.json or ORCID's "
                    "works JSON, or OpenAlex's works JSON")


def parse(data: bytes, *, filename: str, format: str = "auto") -> ParseResult:
    """Read an export file. Never raises on bad content: problems become ``errors``."""
    if format != "auto" and format not in READERS:
        raise ValueError(f"unknown import format {format!r}")
    try:
        text = decode_text(data)
        if format == "auto":
            format = _detect_text_format(text, filename)
    except UnreadableFileError as exc:
        error = ParseError(None, None, str(exc), filename=filename)
        return ParseResult(filename, "" if format == "auto" else format, [], [error])

    entries, errors = _collect(READERS[format](text))
    if not entries and not errors:
        errors.append(ParseError(None, None, "the file contains no publications"))
    for error in errors:
        error.filename = filename
    return ParseResult(filename, str(format), entries, errors)


def detect_format(data: bytes, filename: str) -> str:
    """The ImportFormat value of an export, judged by its content; the file extension
    only breaks ties. Raises UnreadableFileError when the content is not recognised."""
    return _detect_text_format(decode_text(data), filename)


def decode_text(data: bytes) -> str:
    """The text of an upload with newlines normalised to "\\n", or UnreadableFileError."""
    if not data.strip():
        raise UnreadableFileError("the file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnreadableFileError("the file is UTF-16 text; save it as UTF-8 and upload it again")
    if b"\x00" in data:
        raise UnreadableFileError("the file is binary, not a text export")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UnreadableFileError(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02X} on line {line}); "
            "save it as UTF-8 and upload it again"
        ) from None
    # Valid UTF-8 can still be a binary blob; text exports have no control characters
    # beyond the odd stray one.
    if len(_CONTROL_CHARACTERS.findall(text, 0, 4096)) > 8:
        raise UnreadableFileError("the file is binary, not a text export")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _detect_text_format(text: str, filename: str) -> str:
    found = {}
    for format_, signature in _SIGNATURES.items():
        match = signature.search(text)
        if match is not None:
            found[format_] = match.start()
    if not found and _CSV_LIKE.match(text):
        found[ImportFormat.SCHOLAR_CSV] = 0
    if not found:
        raise UnreadableFileError(f"the file is not a format we can read ({_FORMATS_WE_READ})")
    if ImportFormat.ORCID_JSON in found or ImportFormat.OPENALEX_JSON in found:
        found.pop(ImportFormat.SCHOLARLY_JSON, None)  # ORCID's, OpenAlex's JSON: more specific
    by_extension = _EXTENSIONS.get(PurePath(filename).suffix.casefold())
    if by_extension in found:
        return str(by_extension)
    return str(min(found, key=found.__getitem__))


def _collect(items: Iterable[RawRecord | ParseError]) -> tuple[list[ParsedEntry], list[ParseError]]:
    entries: list[ParsedEntry] = []
    errors: list[ParseError] = []
    try:
        for item in items:
            built = build_entry(item) if isinstance(item, RawRecord) else item
            if isinstance(built, ParsedEntry):
                entries.append(built)
            else:
                errors.append(built)
    except Exception:
        # An upload must not crash the import page; keep what was read before the bug.
        logger.exception("importer crashed")
        message = "the rest of the file could not be read (internal error)"
        errors.append(ParseError(None, None, message))
    return entries, errors
