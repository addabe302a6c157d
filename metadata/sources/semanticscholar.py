"""Semantic Scholar's Graph API (https://api.semanticscholar.org/api-docs/graph): up to
500 papers a call (``POST /graph/v1/paper/batch`` with ``{"ids": ["DOI:…", "ARXIV:…"]}``),
answered as a list in the order asked, ``null`` for an id it does not know.

Reads ``paperId``, ``citationCount``, ``externalIds`` (``DOI``, ``ArXiv``), ``title``,
``venue``, ``year`` and ``publicationVenue`` (``name``, ``type``): for a preprint, the
venue it was published at. Its rate limit is strict (1 request/s, with or without a key):
``LABSITE_METADATA_MIN_INTERVALS["semanticscholar"]`` spaces the calls; the optional key
``LABSITE_SEMANTICSCHOLAR_API_KEY`` goes in the ``x-api-key`` header.
"""

from __future__ import annotations

from django.conf import settings

from metadata.http import FetchFailed, fetch_bytes, parse_json
from metadata.sources.facts import (
    Facts,
    Identifier,
    count_or_none,
    is_arxiv_doi,
    normalise_arxiv_id,
    normalise_doi,
    text,
    year_or_none,
)
from publications.choices import PublicationKind
from publications.importers.normalize import is_arxiv_venue

SOURCE = "semanticscholar"
KINDS = ("doi", "arxiv")
BATCH_SIZE = 500  # the batch endpoint's limit
FIELDS = "paperId,title,citationCount,externalIds,venue,year,publicationVenue"
PREFIXES = {"doi": "DOI", "arxiv": "ARXIV"}
VENUE_KINDS = {"journal": PublicationKind.JOURNAL, "conference": PublicationKind.CONFERENCE}


def key_for(doi: str, arxiv_id: str) -> Identifier | None:
    """The paper's DOI, else its arXiv id; arXiv's own DOI is asked as the arXiv id."""
    doi = normalise_doi(doi)
    if doi and not is_arxiv_doi(doi):
        return Identifier("doi", doi)
    arxiv = normalise_arxiv_id(arxiv_id) or normalise_arxiv_id(doi.removeprefix("10.48550/arxiv."))
    return Identifier("arxiv", arxiv) if arxiv else None


def parse_paper(paper: dict) -> Facts:
    """A paper object → facts; ``FetchFailed`` when it is not one."""
    if not isinstance(paper, dict) or not isinstance(paper.get("paperId"), str):
        raise FetchFailed("Semantic Scholar answered something that is not a paper")
    ids = paper.get("externalIds") if isinstance(paper.get("externalIds"), dict) else {}
    doi = normalise_doi(str(ids.get("DOI") or ""))[:200]
    arxiv = normalise_arxiv_id(str(ids.get("ArXiv") or ""))[:40]
    facts = {"source_id": paper["paperId"][:100], "doi": doi, "arxiv_id": arxiv,
             "cited_by_count": count_or_none(paper.get("citationCount"))}
    where = paper.get("publicationVenue") if isinstance(paper.get("publicationVenue"),
                                                         dict) else {}
    venue = text(where.get("name"), 300) or text(paper.get("venue"), 300)
    if venue and not is_arxiv_venue(venue):
        facts.update(venue=venue, venue_year=year_or_none(paper.get("year")),
                     venue_doi=doi if not is_arxiv_doi(doi) else "",
                     venue_title=text(paper.get("title"), 500),
                     venue_kind=VENUE_KINDS.get(where.get("type"), ""))
    return Facts(**facts)


def fetch_batch(keys: list[Identifier]) -> dict[Identifier, Facts | None]:
    """Every key of the batch (≤ 500) → its facts, or None when S2 does not know it."""
    ids = [f"{PREFIXES[key.kind]}:{key.value}" for key in keys]
    api_key = settings.LABSITE_SEMANTICSCHOLAR_API_KEY
    content = fetch_bytes(
        SOURCE, settings.LABSITE_SEMANTICSCHOLAR_URL, "/graph/v1/paper/batch",
        {"fields": FIELDS}, body={"ids": ids}, headers={"x-api-key": api_key} if api_key else None,
        polite=False,
    )  # fmt: skip
    papers = parse_json(SOURCE, content)
    if not isinstance(papers, list) or len(papers) != len(keys):
        raise FetchFailed("Semantic Scholar answered a list that does not match the ids asked")
    return {key: parse_paper(paper) if paper is not None else None
            for key, paper in zip(keys, papers, strict=True)}
