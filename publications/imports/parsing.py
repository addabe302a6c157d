"""Reading the uploaded files: every file becomes entries and errors, never an exception."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings

from publications.importers import ParseError, ParseResult, parse
from publications.imports.types import ImportFile

logger = logging.getLogger(__name__)

# Uploads bigger than this are refused with a message (README documents the limit).
MAX_IMPORT_BYTES = settings.LABSITE_IMPORT_MAX_BYTES

ProgressCallback = Callable[[str, int, int], None]


def as_import_files(files: Iterable[Any], format: str) -> list[ImportFile]:
    result = []
    for item in files:
        if isinstance(item, ImportFile):
            result.append(item)
        else:
            name, data = item
            result.append(ImportFile(name=name, data=data, format=format))
    return result


def parse_files(
    files: Iterable[Any], *, format: str = "auto", progress: ProgressCallback | None = None
) -> list[tuple[ImportFile, ParseResult]]:
    """Parse every file; a file over the size limit becomes one error, never an exception."""
    parsed = []
    files = as_import_files(files, format)
    for index, upload in enumerate(files, start=1):
        if progress:
            progress(f"Reading {upload.name}", index - 1, len(files))
        parsed.append((upload, _parse_one(upload)))
    if progress and files:
        progress("Reading", len(files), len(files))
    return parsed


def _parse_one(upload: ImportFile) -> ParseResult:
    if upload.length > MAX_IMPORT_BYTES:
        message = (
            f"the file is {_megabytes(upload.length)}; files up to "
            f"{_megabytes(MAX_IMPORT_BYTES)} can be imported (split the export)"
        )
        return ParseResult(upload.name, "", [], [ParseError(None, None, message, upload.name)])
    try:
        return parse(upload.data, filename=upload.name, format=upload.format)
    except Exception:  # a parser bug must not turn into a traceback for the user
        logger.exception("parsing %s failed", upload.name)
        message = "the file could not be read (internal error; nothing from it was imported)"
        return ParseResult(upload.name, "", [], [ParseError(None, None, message, upload.name)])


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
