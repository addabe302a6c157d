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
from metadata.models import RecordStatus, SourceRecord
from metadata.sources import SourceSpec, source_spec
from metadata.sources.facts import Identifier, by_kind, chunks
from publications.models import Authorship, Publication


@dataclass
class RefreshReport:
    lab: str
    source: str = "openalex"
    papers: int = 0
    identifiers: int = 0
    fetched: int = 0
    failed_batches: int = 0
    changed_papers: int = 0
    suggestions: int = 0  # new review-queue rows (a preprint's venue version)
    errors: list[str] = field(default_factory=list)
    skipped_reason: str = ""
    new_papers_waiting: int = 0  # found in members' works, kept for review (metadata/works.py)


def paper_identifiers(lab: Lab, spec: SourceSpec) -> list[dict]:
    """The lab's papers' ids, kinds and identifiers as plain values, with ``key``: the
    identifier ``spec``'s source is asked (papers it cannot look up are left out). A source
    with a ``title_key`` also gets up to LABSITE_OPENALEX_TITLE_LOOKUPS papers with neither
    DOI nor arXiv id, by title."""
    rows = Publication.objects.for_lab(lab).values(
        "id", "kind", "doi", "arxiv_id", "citation_count", "citations_read_on", "edited_fields",
        *(("title", "year") if spec.title_key is not None else ()),
    )
    papers, without = [], []
    for row in rows.iterator(chunk_size=2000):
        if key := spec.key(row["doi"], row["arxiv_id"]):
            papers.append({**row, "key": key})
        elif spec.title_key is not None and not row["doi"] and not row["arxiv_id"]:
            without.append(row)
    return papers + (_by_title(lab, without, spec) if without else [])


def _by_title(lab: Lab, rows: list[dict], spec: SourceSpec) -> list[dict]:
    """``rows`` keyed by title (``spec.title_key``), at most LABSITE_OPENALEX_TITLE_LOOKUPS."""
    cap = settings.LABSITE_OPENALEX_TITLE_LOOKUPS
    papers = []
    for batch in chunks(rows, 500):  # bounded IN lists
        ids = [row["id"] for row in batch]
        first = {}
        for paper_id, name in Authorship.objects.for_lab(lab).filter(
                publication_id__in=ids).order_by("publication_id", "-position").values_list(
                "publication_id", "name"):
            first[paper_id] = name  # the last written is the lowest position
        for row in batch:
            key = spec.title_key(row["title"], row["year"], first.get(row["id"], ""))
            if key is not None:
                papers.append({**row, "key": key})
                if len(papers) >= cap:
                    return papers
    return papers


def stale_identifiers(keys: set[Identifier], source: str) -> list[Identifier]:
    """Identifiers without a record younger than LABSITE_METADATA_MAX_AGE_HOURS."""
    fresh_since = timezone.now() - timedelta(hours=settings.LABSITE_METADATA_MAX_AGE_HOURS)
    fresh = set()
    for kind, values in by_kind(keys).items():
        for batch in chunks(values, 500):  # bounded IN lists
            fresh.update(Identifier(kind, value) for value in SourceRecord.objects.filter(
                source=source, kind=kind, value__in=batch, fetched_at__gte=fresh_since,
            ).values_list("value", flat=True))  # fmt: skip
    return [key for key in sorted(keys) if key not in fresh]


RECORD_FIELDS = ("cited_by_count", "source_id", "doi", "arxiv_id", "venue", "venue_year",
                 "venue_doi", "venue_title", "venue_kind")


def _store(results: dict, source: str) -> None:
    now = timezone.now()
    rows = [
        SourceRecord(
            source=source, kind=key.kind, value=key.value[:300], fetched_at=now,
            status=RecordStatus.FOUND if facts else RecordStatus.NOT_FOUND,
            **{name: getattr(facts, name) for name in RECORD_FIELDS if facts},
        )  # fmt: skip
        for key, facts in results.items()
    ]
    SourceRecord.objects.bulk_create(
        rows, batch_size=500, update_conflicts=True, unique_fields=["source", "kind", "value"],
        update_fields=["status", "fetched_at", *RECORD_FIELDS],
    )  # fmt: skip


def fetch_missing(
    keys: list, report: RefreshReport, *, spec: SourceSpec, dry_run: bool = False, store=_store
) -> None:
    """Fetch ``keys`` in batches, ``LABSITE_METADATA_CONCURRENCY`` at a time; only as many
    batches are in flight as the cap, so memory stays bounded whatever the lab's size.
    ``store`` writes one batch's results (``_store``: a registry source's ``Facts``)."""
    source = spec.name
    pending = chunks(keys, spec.batch_size)
    cap = settings.LABSITE_METADATA_CONCURRENCY
    with ThreadPoolExecutor(max_workers=cap) as pool:
        running = set()
        while True:
            while len(running) < cap and not breaker.is_open(source):
                batch = next(pending, None)
                if batch is None:
                    break
                running.add(pool.submit(spec.fetch_batch, batch))
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


def fetch_stale(keys: set[str], report: RefreshReport, *, fetcher, store, kind: str,
                dry_run: bool = False) -> None:
    """Fetch those of ``keys`` (plain values of ``kind``) without a fresh record, unless the
    source's breaker is open. ``fetcher``: a source module outside the registry (``SOURCE``,
    ``BATCH_SIZE``, ``fetch_batch`` of plain values); ``store`` writes one batch's results."""
    spec = SourceSpec(name=fetcher.SOURCE, kinds=(kind,), batch_size=fetcher.BATCH_SIZE,
                      fetch_batch=fetcher.fetch_batch)
    if breaker.is_open(spec.name):
        report.skipped_reason = f"{spec.name} is failing; its breaker is open"
        return
    stale = stale_identifiers({Identifier(kind, key) for key in keys}, spec.name)
    fetch_missing([key.value for key in stale], report, spec=spec, dry_run=dry_run, store=store)


def refresh_lab(lab: Lab, *, source: str = "openalex", dry_run: bool = False) -> RefreshReport:
    """Fetch what the shared cache of ``source`` lacks for ``lab``'s papers and apply it
    to them; ``ValueError`` for a source that is not in ``metadata.sources.ALL_SOURCES``."""
    if (other := _other_refresh(source)) is not None:
        return other(lab, source=source, dry_run=dry_run)
    spec = source_spec(source)
    report = RefreshReport(lab=lab.slug, source=source)
    papers = paper_identifiers(lab, spec)
    report.papers = len(papers)
    keys = {paper["key"] for paper in papers}
    report.identifiers = len(keys)
    if breaker.is_open(source):
        report.skipped_reason = f"{source} is failing; its breaker is open"
    else:
        fetch_missing(stale_identifiers(keys, source), report, spec=spec, dry_run=dry_run)
    applied = apply_records(lab, papers, source=source, dry_run=dry_run)
    report.changed_papers, report.suggestions = applied.changed_papers, applied.suggestions
    return report


def _other_refresh(source: str):
    """The refresh of a source that changes something else than citation counts: code
    stars (``stars``), a member's works (``works``). Imported here: they use this module."""
    from metadata import stars, works

    return {stars.SOURCE: stars.refresh_stars, **dict.fromkeys(works.SOURCES, works.refresh_works)
            }.get(source)
