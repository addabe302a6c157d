"""OpenAlex works as its list API gives them (``GET /works?filter=author.orcid:…``:
``{"meta": {…}, "results": [Work, …]}``), https://docs.openalex.org/api-entities/works/work-object.
A refresh joins an author's pages into one such file (``metadata.sources.openalex_works``).

Read per work: ``title`` (else ``display_name``), ``authorships`` in order (their
``author.display_name``, else ``raw_author_name``), the venue
``primary_location.source.display_name``, ``publication_year``, ``doi``, an arXiv id from
arXiv's DOI or an arxiv.org location, and ``type``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import ParseError, RawRecord, json_list

# OpenAlex work types → the BibTeX-style types ``normalize.infer_kind`` reads; an "article"
# in a conference source is a proceedings paper.
_ENTRY_TYPES = {
    "article": "article",
    "book": "book",
    "book-chapter": "incollection",
    "dissertation": "phdthesis",
    "report": "techreport",
    "preprint": "misc",
}
_ARXIV_DOI = re.compile(r"^(?:https?://doi\.org/)?10\.48550/arxiv\.(.+)$", re.IGNORECASE)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^?#\s]+?)(?:v\d+)?(?:\.pdf)?$", re.IGNORECASE)
_NOT_AUTHORS = "parse error"  # text of an authorship OpenAlex could not read


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _authors(work: dict) -> list[str]:
    names = []
    for authorship in work.get("authorships") or ():
        authorship = _dict(authorship)
        name = (_text(_dict(authorship.get("author")).get("display_name"))
                or _text(authorship.get("raw_author_name")))
        if name and name.casefold() != _NOT_AUTHORS:
            names.append(name)
    return names


def _arxiv_id(work: dict, doi: str) -> str:
    if match := _ARXIV_DOI.match(doi):
        return match.group(1)
    for location in work.get("locations") or ():
        if match := _ARXIV_URL.search(_text(_dict(location).get("landing_page_url"))):
            return match.group(1)
    return ""


def _record(work: dict, index: int) -> RawRecord:
    source = _dict(_dict(work.get("primary_location")).get("source"))
    kind = _text(work.get("type")).lower()
    entry_type = _ENTRY_TYPES.get(kind, "")
    if entry_type == "article" and _text(source.get("type")).lower() == "conference":
        entry_type = "inproceedings"
    doi = _text(work.get("doi")) or _text(_dict(work.get("ids")).get("doi"))
    arxiv = _arxiv_id(work, doi)
    venue = _text(source.get("display_name"))
    if arxiv and kind == "preprint":
        venue, doi = venue or "arXiv", ""  # arXiv's DOI is the preprint's, not a paper's
    year = work.get("publication_year")
    return RawRecord(
        line=None, key=_text(work.get("id")).rsplit("/", 1)[-1] or f"work {index}",
        raw_type=kind, entry_type=entry_type,
        title=_text(work.get("title")) or _text(work.get("display_name")),
        authors=_authors(work), venue=venue,
        year=year if isinstance(year, int) and not isinstance(year, bool) else None,
        doi=doi, eprint=arxiv,
    )  # fmt: skip


def read_records(text: str) -> Iterator[RawRecord | ParseError]:
    results = json_list(text, "results", "OpenAlex's works JSON")
    if isinstance(results, ParseError):
        yield results
        return
    for index, work in enumerate(results, start=1):
        if isinstance(work, dict) and (work.get("title") or work.get("display_name")):
            yield _record(work, index)
        else:
            yield ParseError(None, f"work {index}", "OpenAlex gave no title for this work")
