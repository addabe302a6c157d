"""OpenAlex (https://docs.openalex.org): works by DOI, in batches of up to 50 DOIs a
filter (``/works?filter=doi:a|b``) with cursor paging, one by one (``/works/<doi URL>``)
for those a batch did not return (a work merged into another answers with a redirect).

Reads the documented Work object: ``id``, ``doi``, ``ids`` and ``cited_by_count``; an arXiv
id from arXiv's DOI (10.48550/arXiv.…) or an arxiv.org location.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings

from metadata.http import FetchFailed, NotFound, get_json
from metadata.sources.facts import Facts, Identifier, chunks, count_or_none, normalise_doi

SOURCE = "openalex"
BATCH_SIZE = 50  # OpenAlex's limit of ids in one OR filter
PER_PAGE = 50
MAX_PAGES = 10  # a batch of 50 DOIs fills one page; more pages mean a bad answer
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^?#\s]+?)(?:v\d+)?(?:\.pdf)?$", re.IGNORECASE)


@dataclass(frozen=True)
class WorkFacts:
    """What OpenAlex says about a work, in our terms."""

    openalex_id: str
    doi: str
    arxiv_id: str
    cited_by_count: int | None


def arxiv_doi(arxiv_id: str) -> str:
    """arXiv's own DOI of a preprint, under which OpenAlex indexes it."""
    return f"10.48550/arxiv.{arxiv_id.strip().lower()}" if arxiv_id.strip() else ""


def _arxiv_id(work: dict, doi: str) -> str:
    if match := _ARXIV_DOI.match(doi):
        return match.group(1)
    for location in work.get("locations") or ():
        url = (location or {}).get("landing_page_url") or ""
        if match := _ARXIV_URL.search(url):
            return match.group(1)
    return ""


def parse_work(work: dict) -> WorkFacts:
    """A Work object → facts; ``FetchFailed`` when it is not one."""
    if not isinstance(work, dict) or not isinstance(work.get("id"), str):
        raise FetchFailed("OpenAlex answered something that is not a work")
    ids = work.get("ids") if isinstance(work.get("ids"), dict) else {}
    doi = normalise_doi(str(work.get("doi") or ids.get("doi") or ""))
    count = count_or_none(work.get("cited_by_count"))
    return WorkFacts(
        openalex_id=work["id"].rsplit("/", 1)[-1][:100], doi=doi[:200],
        arxiv_id=_arxiv_id(work, doi)[:40], cited_by_count=count,
    )  # fmt: skip


def _base_url() -> str:
    return settings.LABSITE_OPENALEX_URL


def works_by_dois(dois: list[str]) -> dict[str, WorkFacts]:
    """One batch (≤ 50 DOIs) → {normalised DOI: facts} of those OpenAlex returned."""
    found: dict[str, WorkFacts] = {}
    cursor = "*"
    params = {"filter": "doi:" + "|".join(dois), "per-page": PER_PAGE}
    for _page in range(MAX_PAGES):
        data = get_json(SOURCE, _base_url(), "/works", {**params, "cursor": cursor})
        results = data.get("results")
        if not isinstance(results, list):
            raise FetchFailed("OpenAlex answered a list without results")
        for work in results:
            facts = parse_work(work)
            found[facts.doi] = facts
        cursor = (data.get("meta") or {}).get("next_cursor")
        if not cursor or not results:
            return found
    raise FetchFailed(f"OpenAlex paged over {MAX_PAGES} pages for {len(dois)} DOIs")


def work_by_doi(doi: str) -> WorkFacts | None:
    """One DOI; follows a merged work's redirect; None when OpenAlex has no such work."""
    try:
        return parse_work(get_json(SOURCE, _base_url(), f"/works/https://doi.org/{doi}"))
    except NotFound:
        return None


def batches(dois: Iterable[str]) -> Iterator[list[str]]:
    return chunks(dois, BATCH_SIZE)


def fetch_batch(dois: list[str]) -> dict[str, WorkFacts | None]:
    """Every DOI of the batch → its facts, or None when OpenAlex does not know it."""
    # OpenAlex refuses a filter value with "," and "|" separates values: such DOIs go alone.
    listed = [doi for doi in dois if "," not in doi and "|" not in doi]
    found: dict[str, WorkFacts | None] = dict(works_by_dois(listed)) if listed else {}
    for doi in dois:
        if doi not in found:
            # Not under this DOI in the filter: maybe moved (merged); ask for it alone.
            found[doi] = work_by_doi(doi)
    return found


# --- The registry's interface (metadata/sources/__init__.py) -------------------------------

KINDS = ("doi",)  # a preprint is asked under arXiv's DOI


def key_for(doi: str, arxiv_id: str) -> Identifier | None:
    """A paper's DOI, else arXiv's DOI of its preprint (under which OpenAlex lists it)."""
    value = normalise_doi(doi) or arxiv_doi(arxiv_id)
    return Identifier("doi", value) if value else None


def fetch_identifiers(keys: list[Identifier]) -> dict[Identifier, Facts | None]:
    found = fetch_batch([key.value for key in keys])
    return {key: _facts(found.get(key.value)) for key in keys}


def _facts(work: WorkFacts | None) -> Facts | None:
    if work is None:
        return None
    return Facts(source_id=work.openalex_id, cited_by_count=work.cited_by_count,
                 doi=work.doi, arxiv_id=work.arxiv_id)
