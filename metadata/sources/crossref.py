"""Crossref (https://api.crossref.org, documented at https://github.com/CrossRef/rest-api-doc
and https://api.crossref.org/swagger-ui): one work per DOI (``GET /works/{doi}``), in the
polite pool (``mailto`` in the query and the User-Agent).

Reads the documented work message: ``DOI``, ``type``, ``is-referenced-by-count`` (citations
from Crossref-registered works only), ``container-title``, ``title``, ``issued`` and
``relation``: a preprint's ``is-preprint-of`` names its published version's DOI, which is
asked too, for its venue, year and title. arXiv's DOIs are DataCite's, never asked here.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import replace

from django.conf import settings

from metadata.http import FetchFailed, NotFound, get_json
from metadata.sources.facts import (
    Facts,
    Identifier,
    count_or_none,
    is_arxiv_doi,
    normalise_doi,
    text,
    year_or_none,
)
from publications.choices import PublicationKind

SOURCE = "crossref"
KINDS = ("doi",)
BATCH_SIZE = 20  # DOIs a worker asks one after another before the next batch
PUBLISHED_TYPES = {
    "journal-article": PublicationKind.JOURNAL,
    "proceedings-article": PublicationKind.CONFERENCE,
    "book-chapter": PublicationKind.CHAPTER,
    "book": PublicationKind.BOOK,
}


def key_for(doi: str, arxiv_id: str) -> Identifier | None:
    value = normalise_doi(doi)
    return Identifier("doi", value) if value and not is_arxiv_doi(value) else None


def _first(values) -> str:
    return values[0] if isinstance(values, list) and values and isinstance(values[0], str) else ""


def _year(message: dict) -> int | None:
    for name in ("published", "issued", "published-print", "published-online"):
        parts = (message.get(name) or {}).get("date-parts") if isinstance(
            message.get(name), dict) else None
        first = parts[0] if isinstance(parts, list) and parts else None
        if isinstance(first, list) and first and (year := year_or_none(first[0])):
            return year
    return None


def preprint_of(message: dict) -> str:
    """The DOI of the published version a preprint's record names (``is-preprint-of``)."""
    relation = message.get("relation") if isinstance(message.get("relation"), dict) else {}
    for related in relation.get("is-preprint-of") or ():
        is_doi = isinstance(related, dict) and related.get("id-type") == "doi"
        if is_doi and (doi := normalise_doi(str(related.get("id") or ""))):
            return doi[:200]
    return ""


def parse_work(data: dict) -> Facts:
    """A ``/works/{doi}`` answer → facts; ``FetchFailed`` when it is not a work."""
    message = data.get("message") if data.get("message-type") == "work" else None
    if not isinstance(message, dict) or not isinstance(message.get("DOI"), str):
        raise FetchFailed("Crossref answered something that is not a work")
    doi = normalise_doi(message["DOI"])[:200]
    facts = {"source_id": doi, "doi": doi,
             "cited_by_count": count_or_none(message.get("is-referenced-by-count"))}
    kind = PUBLISHED_TYPES.get(message.get("type"))
    if kind and (venue := text(_first(message.get("container-title")), 300)):
        # A published work is its own venue version (a lab's "preprint" with this DOI).
        facts.update(venue=venue, venue_year=_year(message), venue_doi=doi, venue_kind=kind,
                     venue_title=text(_first(message.get("title")), 500))
    elif published := preprint_of(message):
        facts["venue_doi"] = published
    return Facts(**facts)


def work_by_doi(doi: str) -> Facts | None:
    """One DOI (an alias is redirected to its work); None when Crossref has no such work."""
    path = "/works/" + urllib.parse.quote(doi, safe="/:;()<>")
    try:
        return parse_work(get_json(SOURCE, settings.LABSITE_CROSSREF_URL, path))
    except NotFound:
        return None


def fetch_batch(keys: list[Identifier]) -> dict[Identifier, Facts | None]:
    found: dict[Identifier, Facts | None] = {}
    for key in keys:
        facts = work_by_doi(key.value)
        if facts and facts.venue_doi and not facts.venue and facts.venue_doi != facts.doi:
            # A preprint: its published version's own record has the venue.
            published = work_by_doi(facts.venue_doi)
            if published and published.venue:
                facts = replace(facts, venue=published.venue, venue_year=published.venue_year,
                                venue_title=published.venue_title,
                                venue_kind=published.venue_kind)
        found[key] = facts
    return found
