"""Applying the shared records to one lab's papers: a citation count per source with its
date, the paper's shown count, and a missing DOI or arXiv id. A field edited in admin is
never changed (``publications.imports.edits.may_overwrite``, the rule imports obey), and
the lab's content version is bumped once when anything changed."""

from __future__ import annotations

from django.db import transaction

from labsite.models import Lab
from labsite.versions import bump_lab
from metadata.models import CitationCount, IdentifierKind, RecordStatus, SourceRecord
from metadata.sources.openalex import arxiv_doi
from publications.imports.edits import may_overwrite
from publications.models import Publication


def records_for(keys: list[str], source: str, kind: str = IdentifierKind.DOI,
                fields: tuple[str, ...] = ("cited_by_count", "doi", "arxiv_id")
                ) -> dict[str, SourceRecord]:
    """``source``'s found records of ``keys`` (of ``kind``), with ``fields`` loaded."""
    found = {}
    for start in range(0, len(keys), 500):  # bounded IN lists
        found.update((record.value, record) for record in SourceRecord.objects.filter(
            source=source, kind=kind, status=RecordStatus.FOUND,
            value__in=keys[start:start + 500],
        ).only("value", "fetched_at", *fields))  # fmt: skip
    return found


def _paper_changes(paper: dict, record: SourceRecord, taken: set[str]) -> dict:
    """The fields of ``paper`` that ``record`` changes, edited ones never."""
    changes = {}
    edited = paper["edited_fields"]
    read_on = record.fetched_at.date()
    count = record.cited_by_count
    if count is not None and may_overwrite(edited, "citation_count") and (
        paper["citation_count"], paper["citations_read_on"]
    ) != (count, read_on):
        changes.update(citation_count=count, citations_read_on=read_on)
    # Fill an identifier only where there is none, and never one another paper has.
    doi = record.doi
    if (not paper["doi"] and doi and doi != arxiv_doi(record.arxiv_id) and doi not in taken
            and may_overwrite(edited, "doi")):
        changes["doi"] = doi
    arxiv = record.arxiv_id
    if (not paper["arxiv_id"] and arxiv and f"arxiv:{arxiv}" not in taken
            and may_overwrite(edited, "arxiv_id")):
        changes["arxiv_id"] = arxiv
    return changes


def _counts_to_write(lab, papers, records, source) -> list[CitationCount]:
    existing = {
        row.publication_id: (row.count, row.read_on)
        for row in CitationCount.objects.for_lab(lab).filter(source=source).only(
            "publication_id", "count", "read_on")
    }
    rows = []
    for paper in papers:
        record = records.get(paper["key"])
        if record is None or record.cited_by_count is None:
            continue
        value = (record.cited_by_count, record.fetched_at.date())
        if existing.get(paper["id"]) != value:
            rows.append(CitationCount(lab=lab, publication_id=paper["id"], source=source,
                                      count=value[0], read_on=value[1]))
    return rows


def apply_records(lab: Lab, papers: list[dict], *, source: str, dry_run: bool = False) -> int:
    """Apply ``source``'s records to ``papers`` (rows of ``paper_identifiers``); returns
    how many papers changed."""
    records = records_for(sorted({paper["key"] for paper in papers}), source)
    taken = {p["doi"].lower() for p in papers if p["doi"]}
    taken |= {f"arxiv:{p['arxiv_id']}" for p in papers if p["arxiv_id"]}
    updates = []
    for paper in papers:
        record = records.get(paper["key"])
        changes = _paper_changes(paper, record, taken) if record else {}
        if changes:
            updates.append((paper["id"], changes))
            taken |= {changes.get("doi", "")} | {f"arxiv:{changes.get('arxiv_id', '')}"}
    counts = _counts_to_write(lab, papers, records, source)
    changed = {paper_id for paper_id, _ in updates} | {row.publication_id for row in counts}
    if dry_run or not changed:
        return len(changed)
    with transaction.atomic():
        for fields in (["citation_count", "citations_read_on"], ["doi"], ["arxiv_id"]):
            # Field by field: a paper's update writes only what changed for it.
            rows = [Publication(id=paper_id, lab=lab, **{name: changes[name] for name in fields})
                    for paper_id, changes in updates if fields[0] in changes]
            Publication.objects.for_lab(lab).bulk_update(rows, fields, batch_size=500)
        CitationCount.objects.bulk_create(
            counts, batch_size=500, update_conflicts=True,
            unique_fields=["publication", "source"], update_fields=["count", "read_on"],
        )  # fmt: skip
        bump_lab(lab.id)
    return len(changed)

