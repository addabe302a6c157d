"""What every source answers, in our terms: the key a paper is looked up by, and the
facts a source gives about it (only those it gives; the rest stay empty)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from publications.importers.normalize import infer_kind, normalize_doi, parse_arxiv

_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


class Identifier(NamedTuple):
    """A paper as a source is asked about it: ``kind`` is an ``IdentifierKind`` value."""

    kind: str
    value: str


@dataclass(frozen=True)
class Facts:
    """One source's answer about one identifier. ``venue*`` describe the published
    version of a preprint where the source names one (never applied by a refresh: they
    become a review-queue suggestion)."""

    source_id: str = ""
    cited_by_count: int | None = None
    doi: str = ""
    arxiv_id: str = ""
    venue: str = ""
    venue_year: int | None = None
    venue_doi: str = ""
    venue_title: str = ""
    venue_kind: str = ""  # a PublicationKind value, "" when the source does not say


def normalise_doi(value: str) -> str:
    """The bare DOI (the importers' rule), lower-cased: DOIs are case-insensitive."""
    return normalize_doi(value or "").lower()


def normalise_arxiv_id(value: str) -> str:
    """The arXiv id without its version (the importers' rule), lower-cased; "" when
    ``value`` is no arXiv id."""
    return parse_arxiv(value or "").lower()


def is_arxiv_doi(doi: str) -> bool:
    """arXiv's own DOI (10.48550/arXiv.…): the preprint's, never a published version's."""
    return bool(_ARXIV_DOI.match(doi or ""))


def count_or_none(value) -> int | None:
    """A citation count as a source gives it: a non-negative int, else none."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def year_or_none(value) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 2200:
        return value
    match = _YEAR.search(value) if isinstance(value, str) else None
    return int(match.group(1)) if match else None


def kind_of_venue(venue: str) -> str:
    """The kind a venue's name says (the importers' rule): journal, conference, workshop…"""
    return infer_kind("", venue)


def text(value, limit: int) -> str:
    """A source's string, stripped, with whitespace runs collapsed, cut to ``limit``."""
    return " ".join(value.split())[:limit] if isinstance(value, str) else ""


def chunks(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def by_kind(keys: Iterable[Identifier]) -> dict[str, list[str]]:
    """Identifiers' values grouped by kind, sorted, for bounded ``value__in`` queries."""
    grouped: dict[str, list[str]] = {}
    for key in sorted(keys):
        grouped.setdefault(key.kind, []).append(key.value)
    return grouped
