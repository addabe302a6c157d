"""Refreshing a lab's papers from a source: fetch what the shared cache lacks (each
identifier once, whichever labs share it), then apply the records to the lab's papers.

Fetching runs in at most LABSITE_METADATA_CONCURRENCY threads that do no database work;
records are written and applied in this thread. A failed batch counts against the
source's circuit breaker and leaves every old value; an open breaker stops the fetch.
"""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from labsite.models import Lab
from metadata import breaker
from metadata.apply import apply_records
from metadata.http import FetchFailed
from metadata.models import IdentifierKind, RecordStatus, SourceRecord
from metadata.sources import openalex
from publications.models import Publication


@dataclass
class RefreshReport:
    lab: str
    papers: int = 0
    identifiers: int = 0
    fetched: int = 0
    failed_batches: int = 0
    changed_papers: int = 0
    errors: list[str] = field(default_factory=list)
    skipped_reason: str = ""
    new_papers_waiting: int = 0  # found in members' works, kept for review (metadata/works.py)


def paper_identifiers(lab: Lab) -> list[dict]:
    """The lab's papers' ids and identifiers (DOI, else arXiv's DOI) as plain values."""
    rows = Publication.objects.for_lab(lab).values(
        "id", "doi", "arxiv_id", "citation_count", "citations_read_on", "edited_fields"
    )
    papers = []
    for row in rows.iterator(chunk_size=2000):
        doi = openalex.normalise_doi(row["doi"]) or openalex.arxiv_doi(row["arxiv_id"])
        if doi:
            papers.append({**row, "key": doi})
    return papers


def stale_identifiers(keys: set[str], source: str, kind: str = IdentifierKind.DOI) -> list[str]:
    """Identifiers without a record younger than LABSITE_METADATA_MAX_AGE_HOURS."""
    fresh_since = timezone.now() - timedelta(hours=settings.LABSITE_METADATA_MAX_AGE_HOURS)
    fresh = set()
    ordered = sorted(keys)
    for start in range(0, len(ordered), 500):  # bounded IN lists
        fresh.update(SourceRecord.objects.filter(
            source=source, kind=kind, value__in=ordered[start:start + 500],
            fetched_at__gte=fresh_since,
        ).values_list("value", flat=True))  # fmt: skip
    return [key for key in ordered if key not in fresh]


def _store(results: dict, source: str) -> None:
    now = timezone.now()
    rows = [
        SourceRecord(
            source=source, kind=IdentifierKind.DOI, value=key[:300], fetched_at=now,
            status=RecordStatus.FOUND if facts else RecordStatus.NOT_FOUND,
            cited_by_count=facts.cited_by_count if facts else None,
            source_id=facts.openalex_id if facts else "", doi=facts.doi if facts else "",
            arxiv_id=facts.arxiv_id if facts else "",
        )  # fmt: skip
        for key, facts in results.items()
    ]
    SourceRecord.objects.bulk_create(
        rows, batch_size=500, update_conflicts=True, unique_fields=["source", "kind", "value"],
        update_fields=["status", "fetched_at", "cited_by_count", "source_id", "doi", "arxiv_id"],
    )  # fmt: skip


def fetch_missing(keys: list[str], report: RefreshReport, *, dry_run: bool = False,
                  fetcher=openalex, store=_store) -> None:
    """Fetch ``keys`` in batches, ``LABSITE_METADATA_CONCURRENCY`` at a time; only as many
    batches are in flight as the cap, so memory stays bounded whatever the lab's size.
    ``fetcher``: a source module (``SOURCE``, ``batches``, ``fetch_batch``); ``store``
    writes one batch's results."""
    source = fetcher.SOURCE
    pending = iter(fetcher.batches(keys))
    cap = settings.LABSITE_METADATA_CONCURRENCY
    with ThreadPoolExecutor(max_workers=cap) as pool:
        running = set()
        while True:
            while len(running) < cap and not breaker.is_open(source):
                batch = next(pending, None)
                if batch is None:
                    break
                running.add(pool.submit(fetcher.fetch_batch, batch))
            if not running:
                break
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    results = future.result()
                except FetchFailed as error:
                    report.failed_batches += 1
                    report.errors.append(str(error))
                    breaker.record_failure(source, str(error))
                    continue
                breaker.record_success(source)
                report.fetched += len(results)
                if not dry_run:
                    store(results, source)
    if breaker.is_open(source):
        report.skipped_reason = f"{source} is failing; its breaker is open"


def fetch_stale(keys: set[str], report: RefreshReport, *, dry_run: bool = False,
                fetcher=openalex, store=_store, kind: str = IdentifierKind.DOI) -> None:
    """Fetch those of ``keys`` without a fresh record, unless the source's breaker is open."""
    if breaker.is_open(fetcher.SOURCE):
        report.skipped_reason = f"{fetcher.SOURCE} is failing; its breaker is open"
    else:
        fetch_missing(stale_identifiers(keys, fetcher.SOURCE, kind), report, dry_run=dry_run,
                      fetcher=fetcher, store=store)


def refresh_lab(lab: Lab, *, source: str = openalex.SOURCE, dry_run: bool = False
                ) -> RefreshReport:
    """Fetch what the shared cache lacks for ``lab``'s papers and apply it to them."""
    if (other := _other_refresh(source)) is not None:
        return other(lab, source=source, dry_run=dry_run)
    report = RefreshReport(lab=lab.slug)
    papers = paper_identifiers(lab)
    report.papers = len(papers)
    keys = {paper["key"] for paper in papers}
    report.identifiers = len(keys)
    fetch_stale(keys, report, dry_run=dry_run)
    report.changed_papers = apply_records(lab, papers, source=source, dry_run=dry_run)
    return report


def _other_refresh(source: str):
    """The refresh of a source that changes something else than citation counts: code
    stars (``stars``), a member's works (``works``). Imported here: they use this module."""
    from metadata import stars, works

    return {stars.SOURCE: stars.refresh_stars, **dict.fromkeys(works.SOURCES, works.refresh_works)
            }.get(source)
