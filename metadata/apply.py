"""Applying one source's shared records to one lab's papers. What a source may change:

- its own citation count of the paper, with the day it was read (a ``CitationCount`` row
  per source);
- the paper's shown ``citation_count``: the count of the first source of
  LABSITE_METADATA_COUNT_PRIORITY that has one (OpenAlex > Semantic Scholar > Crossref);
- a missing DOI or arXiv id, never one another paper of the lab has, and never a DOI of a
  preprint (that is its published version's: a suggestion, below);
- nothing else: a preprint's venue version becomes a review-queue ``MetadataSuggestion``
  (``metadata/suggestions.py``) that a person accepts or rejects.

A field edited in admin is never changed (``publications.imports.edits.may_overwrite``,
the rule imports obey), and the lab's content version is bumped once when anything changed.
"""

from __future__ import annotations

from typing import NamedTuple

from django.conf import settings
from django.db import transaction

from labsite.models import Lab
from labsite.versions import bump_lab
from metadata.models import CitationCount, IdentifierKind, RecordStatus, SourceRecord
from metadata.sources.facts import Identifier, by_kind, chunks, is_arxiv_doi
from metadata.suggestions import propose_venue_versions
from publications.choices import PublicationKind
from publications.imports.edits import may_overwrite
from publications.models import Publication


class Applied(NamedTuple):
    changed_papers: int
    suggestions: int


def records_for(keys: list[str], source: str, kind: str = IdentifierKind.DOI,
                fields: tuple[str, ...] | None = ("cited_by_count", "doi", "arxiv_id")
                ) -> dict[str, SourceRecord]:
    """``source``'s found records of ``keys`` (of ``kind``), with ``fields`` loaded (every
    field for None)."""
    found = {}
    for batch in chunks(keys, 500):  # bounded IN lists
        rows = SourceRecord.objects.filter(
            source=source, kind=kind, status=RecordStatus.FOUND, value__in=batch)
        if fields is not None:
            rows = rows.only("value", "fetched_at", *fields)
        found.update((record.value, record) for record in rows)
    return found


def identifier_records(keys, source: str) -> dict:
    """{identifier: its FOUND record of ``source``} for ``keys`` (``Identifier``s), every
    field loaded (counts, identifiers and the venue version)."""
    found = {}
    for kind, values in by_kind(keys).items():
        found.update((Identifier(kind, value), record)
                     for value, record in records_for(values, source, kind, None).items())
    return found


def taken_identifiers(lab: Lab) -> set[str]:
    """Every DOI (lower-cased) and ``arxiv:<id>`` the lab's papers have, also those a
    source cannot look up: a source never gives one of them to another paper."""
    taken = set()
    rows = Publication.objects.for_lab(lab).values_list("doi", "arxiv_id")
    for doi, arxiv_id in rows.iterator(chunk_size=2000):
        taken |= {doi.lower()} if doi else set()
        taken |= {f"arxiv:{arxiv_id}"} if arxiv_id else set()
    return taken


def shown_count(counts: dict[str, tuple]) -> tuple | None:
    """(count, read_on) of the first source in LABSITE_METADATA_COUNT_PRIORITY that has a
    count in ``counts`` ({source: (count, read_on)}); None when none has."""
    for source in settings.LABSITE_METADATA_COUNT_PRIORITY:
        if source in counts:
            return counts[source]
    return None


def _identifier_changes(paper: dict, record: SourceRecord, taken: set[str]) -> dict:
    """The identifiers ``record`` fills in ``paper``: only empty ones, edited ones never."""
    changes = {}
    edited = paper["edited_fields"]
    # Fill an identifier only where there is none, and never one another paper has. A
    # preprint's DOI from a source is its published version's: only a person sets it.
    doi = record.doi
    if (not paper["doi"] and doi and not is_arxiv_doi(doi) and doi not in taken
            and paper["kind"] != PublicationKind.PREPRINT and may_overwrite(edited, "doi")):
        changes["doi"] = doi
    arxiv = record.arxiv_id
    if (not paper["arxiv_id"] and arxiv and f"arxiv:{arxiv}" not in taken
            and may_overwrite(edited, "arxiv_id")):
        changes["arxiv_id"] = arxiv
    return changes


def _lab_counts(lab: Lab) -> dict[int, dict[str, tuple]]:
    """{paper id: {source: (count, read_on)}} of every source, for the shown count."""
    counts: dict[int, dict[str, tuple]] = {}
    rows = CitationCount.objects.for_lab(lab).values_list(
        "publication_id", "source", "count", "read_on")
    for publication_id, source, count, read_on in rows.iterator(chunk_size=2000):
        counts.setdefault(publication_id, {})[source] = (count, read_on)
    return counts


def _count_changes(lab, papers, records, source):
    """The ``CitationCount`` rows of ``source`` to write, and {paper id: shown count}."""
    counts = _lab_counts(lab)
    rows, shown = [], {}
    for paper in papers:
        record = records.get(paper["key"])
        if record is None or record.cited_by_count is None:
            continue
        value = (record.cited_by_count, record.fetched_at.date())
        of_paper = counts.get(paper["id"], {})
        if of_paper.get(source) != value:
            rows.append(CitationCount(lab=lab, publication_id=paper["id"], source=source,
                                      count=value[0], read_on=value[1]))
        best = shown_count({**of_paper, source: value})
        if (best is not None and may_overwrite(paper["edited_fields"], "citation_count")
                and (paper["citation_count"], paper["citations_read_on"]) != best):
            shown[paper["id"]] = {"citation_count": best[0], "citations_read_on": best[1]}
    return rows, shown


def apply_records(lab: Lab, papers: list[dict], *, source: str, dry_run: bool = False
                  ) -> Applied:
    """Apply ``source``'s records to ``papers`` (rows of ``refresh.paper_identifiers``):
    how many papers changed, and how many suggestions were added."""
    records = identifier_records({paper["key"] for paper in papers}, source)
    taken = taken_identifiers(lab)
    updates = {}
    for paper in papers:
        record = records.get(paper["key"])
        changes = _identifier_changes(paper, record, taken) if record else {}
        if changes:
            updates[paper["id"]] = changes
            taken |= {changes.get("doi", "")} | {f"arxiv:{changes.get('arxiv_id', '')}"}
    counts, shown = _count_changes(lab, papers, records, source)
    for paper_id, values in shown.items():
        updates.setdefault(paper_id, {}).update(values)
    changed = set(updates) | {row.publication_id for row in counts}
    if dry_run:
        return Applied(len(changed), 0)
    with transaction.atomic():
        suggested = propose_venue_versions(lab, papers, records, source=source, taken=taken)
        if not changed:
            return Applied(0, suggested)
        for fields in (["citation_count", "citations_read_on"], ["doi"], ["arxiv_id"]):
            # Field by field: a paper's update writes only what changed for it.
            rows = [Publication(id=paper_id, lab=lab, **{name: changes[name] for name in fields})
                    for paper_id, changes in updates.items() if fields[0] in changes]
            Publication.objects.for_lab(lab).bulk_update(rows, fields, batch_size=500)
        CitationCount.objects.bulk_create(
            counts, batch_size=500, update_conflicts=True,
            unique_fields=["publication", "source"], update_fields=["count", "read_on"],
        )  # fmt: skip
        bump_lab(lab.id)
    return Applied(len(changed), suggested)
