"""RIS ("RefMan") records, as Google Scholar's ``scholar.ris`` writes them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import ParseError, RawRecord, TaggedFormat, TaggedRecord, read_tagged_records
from .normalize import join_pages

RIS = TaggedFormat(
    line_pattern=re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?$"),
    start_tag="TY",
    end_tag="ER",
)

# RIS reference types -> the BibTeX-style types that ``infer_kind`` understands.
_ENTRY_TYPES = {
    "JOUR": "article",
    "JFULL": "article",
    "EJOUR": "article",
    "MGZN": "article",
    "CONF": "inproceedings",
    "CPAPER": "inproceedings",
    "BOOK": "book",
    "EBOOK": "book",
    "CHAP": "incollection",
    "ECHAP": "incollection",
    "THES": "phdthesis",
    "PAT": "patent",
    "RPRT": "techreport",
    "UNPB": "unpublished",
}


def read_records(text: str) -> Iterator[RawRecord | ParseError]:
    for index, record in enumerate(read_tagged_records(text, RIS), start=1):
        yield _record(record, index)


def _record(record: TaggedRecord, index: int) -> RawRecord:
    reference_type = record.first("TY")
    date = record.first("Y1", "PY", "DA")  # "2019", "2019///", "2019/05/03/"
    date_parts = date.split("/")
    return RawRecord(
        line=record.line,
        key=record.first("ID") or f"entry {index}",
        raw_type=reference_type,
        entry_type=_ENTRY_TYPES.get(reference_type.upper(), "misc"),
        title=record.first("T1", "TI", "CT"),
        authors=record.all("A1") or record.all("AU"),
        # Scholar puts the proceedings title of a CONF record in JO, not T2.
        venue=record.first("JO", "JF", "T2", "BT", "JA", "J2"),
        year=date_parts[0],
        month=date_parts[1] if len(date_parts) > 1 else "",
        volume=record.first("VL"),
        number=record.first("IS"),
        pages=join_pages(record.first("SP"), record.first("EP")),
        publisher=record.first("PB"),
        doi=record.first("DO"),
        url=record.first("UR", "L1"),
        abstract=record.first("AB", "N2"),
        note=record.first("N1"),
    )
