"""The review queue of what sources found but a refresh never applies: a preprint's
published (venue) version. A refresh proposes; a person accepts or rejects in admin.

One row per (paper, kind, value) whatever its status: a re-run proposes nothing twice,
and a rejected suggestion is never proposed again. Accepting applies the venue version
through the import pipeline's merge policy (``winning_values``): the preprint takes the
venue's kind, venue, year… (the title when it was renamed), an empty DOI is filled, and a
field edited in admin is never changed. Accepted values are not recorded as edits, so later
imports and refreshes may still update them.
"""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone

from labsite.models import Lab
from labsite.versions import bump_lab
from metadata.models import MetadataSuggestion, SuggestionKind, SuggestionStatus
from publications.choices import PublicationKind
from publications.imports.keys import title_key
from publications.imports.merge_policy import winning_values
from publications.imports.types import VALUE_FIELDS
from publications.models import Publication


class SuggestionRefused(Exception):
    """The suggestion cannot be applied (already decided, or its DOI is another paper's)."""


def venue_version(record) -> tuple[str, dict] | None:
    """(value, payload) of the venue version a record names, or None."""
    if not (record.venue or record.venue_doi):
        return None
    payload = {"venue": record.venue, "year": record.venue_year, "doi": record.venue_doi,
               "title": record.venue_title, "kind": record.venue_kind}
    value = record.venue_doi or f"{record.venue} {record.venue_year or ''}".strip().lower()
    if len(json.dumps(payload)) > MetadataSuggestion.MAX_PAYLOAD_BYTES:
        return None  # cannot happen with the records' field lengths; never store more
    return value[:300], payload


def propose_venue_versions(lab: Lab, papers: list[dict], records: dict, *, source: str,
                           taken: set[str]) -> int:
    """Add a pending suggestion for each preprint of ``papers`` whose record names a venue
    version not proposed before, nor a DOI in ``taken`` (another paper of the lab's: that
    is a duplicate to merge, not a version to apply); how many."""
    known = set(MetadataSuggestion.objects.for_lab(lab).filter(
        kind=SuggestionKind.VENUE_VERSION).values_list("publication_id", "value"))
    rows = []
    for paper in papers:
        record = records.get(paper["key"])
        if record is None or paper["kind"] != PublicationKind.PREPRINT:
            continue
        found = venue_version(record)
        if found is None or (paper["id"], found[0]) in known or found[1]["doi"] in taken:
            continue
        known.add((paper["id"], found[0]))
        rows.append(MetadataSuggestion(
            lab=lab, publication_id=paper["id"], source=source,
            kind=SuggestionKind.VENUE_VERSION, value=found[0], payload=found[1]))  # fmt: skip
    MetadataSuggestion.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return len(rows)


def _incoming(paper: Publication, payload: dict) -> dict:
    """The venue version as an import record, for the merge policy."""
    values = dict.fromkeys(VALUE_FIELDS, "")
    values.update(year=None, month=None, citation_count=None, citations_read_on=None)
    kind = payload.get("kind") or PublicationKind.JOURNAL
    values.update(kind=kind if kind in PublicationKind.values else PublicationKind.JOURNAL,
                  venue=str(payload.get("venue") or "")[:300], year=payload.get("year"),
                  doi=str(payload.get("doi") or "")[:200],
                  title=str(payload.get("title") or "")[:500] or paper.title)
    return values


def accept_suggestion(*, suggestion: MetadataSuggestion, user) -> list[str]:
    """Apply a pending venue version to its paper; the fields it changed."""
    lab = suggestion.lab_id
    with transaction.atomic():
        suggestion = MetadataSuggestion.objects.for_lab(lab).select_for_update().get(
            pk=suggestion.pk)
        if suggestion.status != SuggestionStatus.PENDING:
            raise SuggestionRefused(f"{suggestion} was already {suggestion.status}.")
        paper = Publication.objects.for_lab(lab).get(pk=suggestion.publication_id)
        current = {name: getattr(paper, name) for name in VALUE_FIELDS}
        won = winning_values(current, _incoming(paper, suggestion.payload),
                             protected=set(paper.edited_fields or ()))
        doi = won.get("doi")
        if doi and Publication.objects.for_lab(lab).filter(doi__iexact=doi).exclude(
                pk=paper.pk).exists():
            raise SuggestionRefused(f"Another paper of the lab has the DOI {doi}.")
        old_key = paper.title_key
        for name, value in won.items():
            setattr(paper, name, value)
        if "title" in won and old_key and old_key != title_key(paper.title):
            # The preprint's title still finds the paper when its export is imported.
            paper.alias_title_keys = [*(paper.alias_title_keys or []), old_key]
        paper.save()
        _decide(suggestion, SuggestionStatus.ACCEPTED, user)
        if won:
            bump_lab(lab)
    return sorted(won)


def reject_suggestion(*, suggestion: MetadataSuggestion, user) -> None:
    """Never propose it again."""
    with transaction.atomic():
        suggestion = MetadataSuggestion.objects.for_lab(suggestion.lab_id).select_for_update(
            ).get(pk=suggestion.pk)
        if suggestion.status != SuggestionStatus.PENDING:
            raise SuggestionRefused(f"{suggestion} was already {suggestion.status}.")
        _decide(suggestion, SuggestionStatus.REJECTED, user)


def _decide(suggestion: MetadataSuggestion, status: str, user) -> None:
    suggestion.status, suggestion.decided_at, suggestion.decided_by = (
        status, timezone.now(), user)
    suggestion.save(update_fields=["status", "decided_at", "decided_by"])
