"""Google Scholar profile "Export -> CSV"."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from .base import ParseError, RawRecord
from .normalize import split_authors_list

EXPECTED_HEADER = [
    "Authors",
    "Title",
    "Publication",
    "Volume",
    "Number",
    "Pages",
    "Year",
    "Publisher",
]


def read_records(text: str) -> Iterator[RawRecord | ParseError]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        if header is None:
            return
        if [cell.strip() for cell in header] != EXPECTED_HEADER:
            yield ParseError(1, None, _header_mismatch(header))
            return
        row_start = reader.line_num + 1  # csv counts physical lines, quoted newlines included
        rows = 0
        for row in reader:
            if any(cell.strip() for cell in row):
                rows += 1
                yield _record(row, line=row_start, key=f"entry {rows}")
            row_start = reader.line_num + 1
    except csv.Error as exc:
        yield ParseError(reader.line_num, None, f"the rest of the CSV could not be read ({exc})")


def _header_mismatch(header: list[str]) -> str:
    return (
        f"the header row is {','.join(header)!r}, but a Google Scholar CSV export "
        f"starts with {','.join(EXPECTED_HEADER)!r}"
    )


def _record(row: list[str], *, line: int, key: str) -> RawRecord | ParseError:
    if len(row) > len(EXPECTED_HEADER):
        return ParseError(
            line, key, f"row has {len(row)} cells, but the header has {len(EXPECTED_HEADER)}"
        )
    cells = dict(zip(EXPECTED_HEADER, row, strict=False))  # short rows: missing cells are ""
    return RawRecord(
        line=line,
        key=key,
        title=cells.get("Title", ""),
        authors=split_authors_list(cells.get("Authors", ""), ";"),
        venue=cells.get("Publication", ""),
        volume=cells.get("Volume", ""),
        number=cells.get("Number", ""),
        pages=cells.get("Pages", ""),
        year=cells.get("Year", ""),
        publisher=cells.get("Publisher", ""),
    )
