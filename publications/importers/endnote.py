"""EndNote tagged records (``scholar.enw``): ``%0 Journal Article``, ``%T ...``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import ParseError, RawRecord, TaggedFormat, TaggedRecord, read_tagged_records

ENDNOTE = TaggedFormat(
    line_pattern=re.compile(r"^%([0-9A-Z@!#$&()*+^|~])(?: (.*))?$"),
    start_tag="0",
    end_tag=None,  # records are separated by a blank line
)

# EndNote reference types -> the BibTeX-style types that ``infer_kind`` understands.
_ENTRY_TYPES = {
    "journal article": "article",
    "magazine article": "article",
    "conference proceedings": "inproceedings",
    "conference paper": "inproceedings",
    "book": "book",
    "edited book": "book",
    "book section": "incollection",
    "thesis": "phdthesis",
    "patent": "patent",
    "report": "techreport",
}


def read_records(text: str) -> Iterator[RawRecord | ParseError]:
    for index, record in enumerate(read_tagged_records(text, ENDNOTE), start=1):
        yield _record(record, index)


def _record(record: TaggedRecord, index: int) -> RawRecord:
    reference_type = record.first("0")
    return RawRecord(
        line=record.line,
        key=record.first("F") or f"entry {index}",  # %F is EndNote's label field
        raw_type=reference_type,
        entry_type=_ENTRY_TYPES.get(reference_type.casefold(), "misc"),
        title=record.first("T"),
        authors=record.all("A"),
        venue=record.first("J", "B"),
        year=record.first("D"),
        volume=record.first("V"),
        number=record.first("N"),
        pages=record.first("P"),
        publisher=record.first("I"),
        doi=record.first("R"),
        url=record.first("U"),
        abstract=record.first("X"),
        note=record.first("Z"),
    )
