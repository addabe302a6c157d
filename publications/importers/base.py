"""Data shapes shared by the export parsers.

Nothing here touches the database: a parser turns the text of an uploaded file
into a :class:`ParseResult`, and the import service decides what to store.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field


class UnreadableFileError(ValueError):
    """The upload is not a text export we can read (empty, binary, wrong encoding...).

    The message is a sentence meant for the person who uploaded the file.
    """


@dataclass
class ParsedAuthor:
    name: str  # display form, "Gregory R Ganger"
    equal_contribution: bool = False
    corresponding: bool = False


@dataclass
class ParsedEntry:
    line: int | None  # 1-based line where the entry starts in the file
    key: str  # BibTeX citekey, author_pub_id, or a synthesised "entry N"
    kind: str  # a PublicationKind value
    title: str
    authors: list[ParsedAuthor]
    authors_truncated: bool  # the source cut the list short ("and others", "et al.", "…")
    venue: str = ""
    venue_short: str = ""  # "NeurIPS 2024"; "" when the venue is not a well-known one
    year: int | None = None
    month: int | None = None
    volume: str = ""
    number: str = ""
    pages: str = ""  # ranges use an en dash: "1–18"
    publisher: str = ""
    doi: str = ""
    arxiv_id: str = ""
    scholar_id: str = ""  # Google Scholar's "USERID:PAPERID" (``normalize.scholar_paper_id``)
    url: str = ""
    abstract: str = ""
    note: str = ""
    citation_count: int | None = None
    raw_type: str = ""  # entry type as written in the source: "article", "JOUR", "Journal Article"


@dataclass
class ParseError:
    line: int | None
    key: str | None
    message: str  # a sentence: "entry has no title"
    filename: str = ""  # filled in by ``importers.parse``

    def describe(self) -> str:
        """The error as "<filename>, line N, entry KEY: message", leaving out unknown parts."""
        where = [self.filename or "file"]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.key:
            where.append(f"entry {self.key}")
        return f"{', '.join(where)}: {self.message}"

    def __str__(self) -> str:
        return self.describe()


@dataclass
class ParseResult:
    filename: str
    format: str  # an ImportFormat value, "" when the format could not be recognised
    entries: list[ParsedEntry]
    errors: list[ParseError]


@dataclass
class RawRecord:
    """One record as read from a file, before normalisation.

    Every parser fills one of these per record with the text it found, and
    ``normalize.build_entry`` turns it into a :class:`ParsedEntry`, so that the
    normalisation rules live in one place for all formats.
    """

    line: int | None
    key: str
    raw_type: str = ""
    # BibTeX-style type ("article", "inproceedings", "phdthesis", ...) used to infer
    # the publication kind; "" for formats that carry no type (CSV, gs_data.json).
    entry_type: str = ""
    title: str = ""
    authors: list[str] = field(default_factory=list)  # one raw name per item
    venue: str = ""
    year: str | int | None = None
    month: str = ""
    volume: str = ""
    number: str = ""
    pages: str = ""
    publisher: str = ""
    doi: str = ""
    url: str = ""
    abstract: str = ""
    note: str = ""
    eprint: str = ""  # an explicit arXiv identifier field, if the format has one
    scholar_id: str = ""  # gs_data.json's author_pub_id
    citation_count: int | None = None


# --- Tag-per-line formats (RIS, EndNote) -------------------------------------------


@dataclass
class TaggedRecord:
    """A record of a tag-per-line format: ``TY  - JOUR`` (RIS) or ``%0 Journal Article``."""

    line: int
    values: dict[str, list[str]] = field(default_factory=dict)

    def first(self, *tags: str) -> str:
        """The first value of the first of ``tags`` that is present, or ""."""
        for tag in tags:
            for value in self.values.get(tag, ()):
                if value:
                    return value
        return ""

    def all(self, tag: str) -> list[str]:
        return self.values.get(tag, [])


@dataclass(frozen=True)
class TaggedFormat:
    line_pattern: re.Pattern[str]  # groups: tag, value
    start_tag: str  # a record begins at this tag...
    end_tag: str | None  # ...and ends at this tag; None: records are separated by blank lines


# C901: one loop whose state (the record, the last tag) would have to travel between
# functions if it were split.
def read_tagged_records(text: str, spec: TaggedFormat) -> Iterator[TaggedRecord]:  # noqa: C901
    """Split ``text`` into records; untagged lines continue the previous value.

    Lines outside any record (before the first start tag, between records) are
    ignored, as exporters put banners and blank lines there.
    """
    record: TaggedRecord | None = None
    last_tag: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        match = spec.line_pattern.match(line)
        if match is None:
            if not line.strip():
                if spec.end_tag is None and record is not None:
                    yield record
                    record = None
            elif record is not None and last_tag is not None:
                # A wrapped value (long abstracts are split over several lines).
                values = record.values[last_tag]
                values[-1] = f"{values[-1]} {line.strip()}".strip()
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        # Blank-line separated formats start a record at any tag after a gap.
        starts_record = tag == spec.start_tag or (record is None and spec.end_tag is None)
        if starts_record:
            if record is not None:
                yield record
            record = TaggedRecord(line=number)
        elif record is None:
            continue
        if tag == spec.end_tag:
            yield record
            record = None
            continue
        record.values.setdefault(tag, []).append(value)
        last_tag = tag
    if record is not None:
        yield record


def json_list(text: str, key: str, name: str) -> list | ParseError:
    """The list under ``key`` of a JSON object ``text`` (a works file of ``name``, e.g.
    "ORCID's works JSON"), or the error saying why it is none."""
    try:
        data = json.loads(text)
    except ValueError as error:
        return ParseError(getattr(error, "lineno", None), None,
                          f"the file could not be read as {name} ({error})")
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return ParseError(None, None, f'the file is not {name} (no "{key}" list)')
    return items
