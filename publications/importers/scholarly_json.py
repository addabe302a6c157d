"""``gs_data.json`` written by the AcadHomepage Google Scholar crawler (``scholarly``).

The file carries titles, years, citation counts and Scholar's one-line citation,
but no authors.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .base import ParseError, RawRecord

# Scholar's one-line citation: "Nature 123 (4), 411-447, 2020",
# "arXiv preprint arXiv:2309.17453, 2023", "Proceedings of the 2018 USENIX Annual …".
_TRAILING_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*$")
_TRAILING_YEAR = re.compile(r",\s*(\d{4})$")
_TRAILING_PAGE_RANGE = re.compile(r",\s*(\w+\s*[-–]\s*\w+)$")
_MAX_COUNT = 10**9
_TRAILING_VOLUME = re.compile(r"(?<=\S)\s+(\d+)(?:\s*\(([^()]*)\))?$")


@dataclass
class Citation:
    venue: str = ""
    volume: str = ""
    number: str = ""
    pages: str = ""
    year: str = ""


def read_records(text: str) -> Iterator[RawRecord | ParseError]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"the file is not valid JSON ({exc.msg}, column {exc.colno})"
        yield ParseError(exc.lineno, None, message)
        return
    except (ValueError, RecursionError) as exc:  # e.g. a 5,000-digit number, deep nesting
        yield ParseError(None, None, f"the file could not be read as JSON ({exc})")
        return
    publications = _publications(document)
    if publications is None:
        yield ParseError(
            None,
            None,
            'the JSON has no "publications"; expected the gs_data.json written by the '
            "AcadHomepage Google Scholar crawler",
        )
        return
    for index, (pub_id, publication) in enumerate(publications, start=1):
        yield _record(publication, key=_text(pub_id) or f"entry {index}")


def _publications(document: Any) -> list[tuple[Any, Any]] | None:
    """(author_pub_id, publication) pairs: ``publications`` is a dict keyed by the id,
    or a list in some forks of the crawler."""
    publications = document.get("publications") if isinstance(document, dict) else document
    if isinstance(publications, dict):
        return [
            (_field(pub, "author_pub_id") or pub_id, pub) for pub_id, pub in publications.items()
        ]
    if isinstance(publications, list):
        return [(_field(pub, "author_pub_id"), pub) for pub in publications]
    return None


def _record(publication: Any, *, key: str) -> RawRecord | ParseError:
    if not isinstance(publication, dict):
        return ParseError(None, key, "publication is not a JSON object")
    bib = publication.get("bib")
    bib = bib if isinstance(bib, dict) else {}
    citation = parse_citation(_text(bib.get("citation")))
    return RawRecord(
        line=None,
        key=key,
        title=_text(bib.get("title")),
        venue=citation.venue,
        year=_text(bib.get("pub_year")) or citation.year,
        volume=citation.volume,
        number=citation.number,
        pages=citation.pages,
        citation_count=_count(publication.get("num_citations")),
        scholar_id=_text(publication.get("author_pub_id")) or key,
    )


def parse_citation(text: str) -> Citation:
    """Split Scholar's citation line into venue, volume (number), pages and year.

    A citation cut short with "…" only gives up its venue: what looks like a
    trailing volume there ("(USENIX ATC 18 …") is a fragment of the venue's name.
    """
    text = text.strip()
    truncated = bool(_TRAILING_ELLIPSIS.search(text))
    text = _TRAILING_ELLIPSIS.sub("", text)
    citation = Citation()
    text, citation.year = _pop(_TRAILING_YEAR, text)
    if not truncated:
        text, citation.pages = _pop(_TRAILING_PAGE_RANGE, text)
        match = _TRAILING_VOLUME.search(text)
        if match is not None:
            citation.volume, citation.number = match.group(1), match.group(2) or ""
            text = text[: match.start()]
    citation.venue = text.strip(" ,")
    return citation


def _pop(pattern: re.Pattern[str], text: str) -> tuple[str, str]:
    """``text`` without the trailing part matched by ``pattern``, and that part."""
    match = pattern.search(text)
    if match is None:
        return text, ""
    return text[: match.start()], match.group(1)


def _field(value: Any, name: str) -> Any:
    return value.get(name) if isinstance(value, dict) else None


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _count(value: Any) -> int | None:
    """A citation count; None for anything that cannot be one (negative, absurdly large)."""
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= 10:
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _MAX_COUNT:
        return value
    return None
