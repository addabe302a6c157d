"""BibTeX from Google Scholar ("Cite" / profile export) and DBLP, via bibtexparser 2."""

from __future__ import annotations

import re
from collections.abc import Iterator

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import default_parse_stack
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
)

from .base import ParseError, RawRecord
from .normalize import latex_to_text, split_authors_bibtex

# Where the venue of each entry type lives, in order of preference.
_VENUE_FIELDS = ("journal", "booktitle", "school", "institution", "howpublished")
_PUBLISHER_FIELDS = ("publisher", "organization")
_ENTRY_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^\s,{}()]+)")


def read_records(text: str) -> Iterator[RawRecord | ParseError]:
    library = bibtexparser.parse_string(text)
    for index, block in enumerate(library.blocks, start=1):
        line = block.start_line + 1 if block.start_line is not None else None
        if isinstance(block, Entry):
            yield _record(block, line, index)
        elif isinstance(block, DuplicateBlockKeyBlock):
            # Scholar reuses keys for different papers: the second one is an entry too.
            duplicate = block.ignore_error_block
            if isinstance(duplicate, Entry):
                yield _record(_with_parse_stack_applied(duplicate, library), line, index)
        elif isinstance(block, DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            repeated = ", ".join(sorted(block.duplicate_keys))
            message = f"field {repeated} appears more than once; the first value was used"
            yield ParseError(line, entry.key, message)
            yield _record(_with_parse_stack_applied(entry, library), line, index)
        elif isinstance(block, ParsingFailedBlock):
            yield ParseError(line, _key_of_raw_block(block.raw or ""), _failure_message(block))


def _with_parse_stack_applied(entry: Entry, library: Library) -> Entry:
    """A copy of a recovered entry with @string macros resolved and braces removed.

    bibtexparser runs its parse stack only on the entries it accepted, so a
    recovered one still has raw values such as "{2020}".
    """
    scratch = Library(blocks=[*library.strings, entry])
    for middleware in default_parse_stack(allow_inplace_modification=False):
        scratch = middleware.transform(scratch)
    return scratch.entries[0]


def _record(entry: Entry, line: int | None, index: int) -> RawRecord:
    fields = _field_values(entry)
    entry_type = entry.entry_type.casefold()
    return RawRecord(
        line=line,
        key=entry.key or f"entry {index}",
        raw_type=entry.entry_type,
        entry_type=entry_type,
        title=latex_to_text(fields.get("title", "")),
        authors=split_authors_bibtex(fields.get("author", "")),
        venue=latex_to_text(_venue(fields)),
        year=fields.get("year"),
        month=fields.get("month", ""),
        volume=fields.get("volume", ""),
        number=fields.get("number", "") or fields.get("issue", ""),
        pages=fields.get("pages", ""),
        publisher=latex_to_text(_first(fields, _PUBLISHER_FIELDS)),
        doi=fields.get("doi", ""),
        url=fields.get("url", ""),
        abstract=latex_to_text(fields.get("abstract", "")),
        note=latex_to_text(fields.get("note", "")),
        eprint=_arxiv_eprint(fields),
    )


def _field_values(entry: Entry) -> dict[str, str]:
    """Field name (lower-case, as BibTeX ignores case) -> value; the first of repeats wins."""
    values: dict[str, str] = {}
    for field in entry.fields:
        values.setdefault(field.key.casefold(), str(field.value))
    return values


def _first(fields: dict[str, str], names: tuple[str, ...]) -> str:
    return next((fields[name] for name in names if fields.get(name)), "")


def _venue(fields: dict[str, str]) -> str:
    venue = _first(fields, _VENUE_FIELDS)
    if "\\url" in venue:  # "howpublished = {\url{...}}" is a link, not a venue
        return ""
    if not venue and _arxiv_eprint(fields):
        return "arXiv"  # "@misc{..., eprint=..., archivePrefix=arXiv}"
    return venue


def _arxiv_eprint(fields: dict[str, str]) -> str:
    """The ``eprint`` field when it is an arXiv id (DBLP: ``eprinttype = {arXiv}``)."""
    archive = fields.get("eprinttype") or fields.get("archiveprefix") or "arxiv"
    return fields.get("eprint", "") if archive.casefold() == "arxiv" else ""


def _key_of_raw_block(raw: str) -> str | None:
    match = _ENTRY_KEY.match(raw)
    return match.group(1) if match else None


def _failure_message(block: ParsingFailedBlock) -> str:
    reason = str(getattr(block.error, "abort_reason", "") or block.error)
    if "end of file" in reason:
        return "entry is never closed: a brace or quote is left open until the end of the file"
    if "Unexpected block start" in reason:
        return "entry is not closed before the next one starts: a brace or quote is left open"
    return f"entry could not be read ({reason.strip()})"
