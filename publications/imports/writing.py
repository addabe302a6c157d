"""Writing an import plan: one transaction, bulk writes, authors linked as they are written.

``apply_import`` writes what ``plan_import`` planned, everything or (on any failure)
nothing; new papers, authors and links go in through ``bulk.insert_rows``, authors are
linked to members by the one linking rule (``publications.linking.MemberMatcher
.link_paper``), and the lab's cached pages are made stale.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from labsite.cache import bump_content_version
from publications.importers import ParseResult
from publications.imports.bulk import insert_rows
from publications.imports.clusters import Cluster
from publications.imports.keys import title_key
from publications.imports.merge_policy import AuthorRow, carry_over
from publications.imports.parsing import ProgressCallback, parse_files
from publications.imports.planning import plan_import
from publications.imports.types import (
    VALUE_FIELDS,
    ImportFailed,
    ImportFile,
    ImportPlan,
    ImportReport,
)
from publications.linking import AmbiguousAuthor, MemberMatcher, lab_members
from publications.models import Authorship, PossibleDuplicate, Publication, PublicationLink

logger = logging.getLogger(__name__)

BATCH_SIZE = 500

def apply_import(
    *,
    lab,
    plan: ImportPlan | None = None,
    files: Iterable[Any] | None = None,
    parsed: Sequence[tuple[ImportFile, ParseResult]] | None = None,
    person=None,
    format: str = "auto",
    person_must_author: bool = False,
    only_own_papers: bool | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Write an import in one transaction: everything, or (on any failure) nothing.

    Pass the ``plan`` a dry run returned, or ``files`` (or their ``parse_files`` result,
    ``parsed``) to plan and write at once: then the matching runs inside the transaction.
    Raises ``ImportFailed`` with a message for the user when writing fails; the database
    is then exactly as before.
    """
    if plan is not None and plan.lab.pk != lab.pk:
        raise ValueError("the plan was made for another lab")
    if person is not None and person.lab_id != lab.pk:
        raise ValueError("the person must be a member of the lab")
    if plan is None and parsed is None:
        parsed = parse_files(files or [], format=format, progress=progress)
    try:
        with transaction.atomic():
            if plan is None:
                plan = plan_import(lab=lab, parsed=parsed, person=person,
                                   person_must_author=person_must_author,
                                   only_own_papers=only_own_papers, progress=progress)
            report = _write(plan, progress=progress)
    except Exception as exc:
        logger.exception("import into lab %s failed", lab.pk)
        raise ImportFailed(
            "the import failed and nothing was changed "
            f"({exc.__class__.__name__}: {exc}); please report this with the file"
        ) from exc
    if plan.writes_anything:
        bump_content_version(lab.pk)  # bulk writes send no signals
    return report


def _write(plan: ImportPlan, *, progress: ProgressCallback | None) -> ImportReport:
    report = ImportReport(plan=plan)
    clusters = [cluster for cluster in plan._clusters if cluster.will_write]
    total = max(1, len(clusters))
    if progress:
        progress("Writing", 0, total)
    report.created = _write_new_papers(plan.lab, [c for c in clusters if c.is_new])
    if progress:
        progress("Writing", len(report.created), total)
    report.updated = _write_changed_papers(plan.lab, [c for c in clusters if not c.is_new])
    report.ambiguous_authors = _write_authors(plan, clusters)
    _write_links(plan, clusters)
    report.possible_duplicates = _write_possible_duplicates(plan, clusters)
    if progress:
        progress("Writing", total, total)
    return report


_NEW_PAPER_COLUMNS = ("lab", "slug", "title_key", "source_file", "source_format", "source_key",
                      *VALUE_FIELDS)


def _write_new_papers(lab, clusters: list[Cluster]) -> list[int]:
    """Insert the new papers; sets each cluster's ``pk`` and returns them."""
    rows = []
    for cluster in clusters:
        filename, source_format, source_key = cluster.source
        values = cluster.values
        rows.append((lab.pk, cluster.slug, title_key(values["title"]), filename[:255],
                     source_format, source_key[:255], *(values[name] for name in VALUE_FIELDS)))
    insert_rows(Publication, _NEW_PAPER_COLUMNS, rows)
    if clusters:
        # Slugs are unique per lab: one query maps them to the new primary keys.
        pks = dict(Publication.objects.for_lab(lab).values_list("slug", "pk"))
        for cluster in clusters:
            cluster.pk = pks[cluster.slug]
    return [cluster.pk for cluster in clusters]


def _write_changed_papers(lab, clusters: list[Cluster]) -> list[int]:
    """Existing papers: one UPDATE per batch of rows that change the same fields; returns
    the pks of the papers changed."""
    now = timezone.now()
    by_fields: dict[tuple[str, ...], list[Publication]] = defaultdict(list)
    updated = []
    for cluster in clusters:
        cluster.pk = cluster.existing_pk
        if not cluster.changed:
            continue
        fields = set(cluster.changed) | {"updated"}
        if "title" in fields:
            fields.add("title_key")
        publication = Publication(
            pk=cluster.existing_pk, lab=lab, updated=now,
            title_key=title_key(cluster.values["title"]), **cluster.values,
        )
        by_fields[tuple(sorted(fields))].append(publication)
        updated.append(cluster.existing_pk)
    for fields, rows in by_fields.items():
        Publication.objects.bulk_update(rows, fields, batch_size=BATCH_SIZE)
    return updated


def _chunks(items: Sequence, size: int = BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _write_authors(plan: ImportPlan, clusters: list[Cluster]) -> list[AmbiguousAuthor]:
    """Write the new author lists, already linked to members; returns the ambiguous names."""
    replaced = [c.existing_pk for c in clusters if not c.is_new and c.authors_changed]
    for chunk in _chunks(replaced):
        Authorship.objects.for_lab(plan.lab).filter(publication_id__in=chunk).delete()
    writer = _AuthorWriter(plan)
    for cluster in plan._clusters:
        if cluster.invalid or cluster.pk is None:
            continue
        previous = plan._authorships.get(cluster.existing_pk, []) if not cluster.is_new else []
        if cluster.authors_changed and cluster.authors:
            writer.new_list(cluster, previous)
        else:
            writer.kept_list(cluster, previous)
    writer.save()
    return writer.ambiguous


_AUTHOR_COLUMNS = ("lab", "publication", "position", "name", "person", "equal_contribution",
                   "corresponding")


class _AuthorWriter:
    """An import's author rows, linked to members before they are inserted.

    Linking is ``publications.linking.MemberMatcher.link_paper``, the rule of every
    linking path, applied here to the rows before they are inserted rather than read
    back and updated: that keeps a 5,000-paper import to a few queries. In a member's
    own export they are the exporter; members linked on a list this import replaces are
    still known authors of the paper.
    """

    def __init__(self, plan: ImportPlan):
        self.lab, self.person = plan.lab, plan.person
        self.matcher = MemberMatcher(lab_members(plan.lab))
        self.rows: list[tuple] = []
        self.relinked: list[Authorship] = []
        self.ambiguous: list[AmbiguousAuthor] = []

    def _link(self, cluster: Cluster, names: list[str], person_ids: list[int | None],
              known: Iterable[int] = ()) -> list[tuple[int, tuple]]:
        """Fill ``person_ids`` in place; returns (index, candidates) left ambiguous."""
        exporter = self.person if cluster.by_person else None
        return self.matcher.link_paper(names, person_ids, exporter=exporter, known=known)

    def new_list(self, cluster: Cluster, previous: list[dict]) -> None:
        """A new paper's list, or one that replaces ``previous``: it keeps who was linked
        and the marks set on the old list (``merge_policy.carry_over``)."""
        authors = [AuthorRow(a.name, None, a.equal_contribution, a.corresponding)
                   for a in cluster.authors]
        if previous:
            authors = carry_over(authors, [
                AuthorRow(old["name"], old["person_id"], old["equal_contribution"],
                          old["corresponding"]) for old in previous
            ])
        names = [row.name for row in authors]
        person_ids = [row.person_id for row in authors]
        known = {old["person_id"] for old in previous if old["person_id"]} - set(person_ids)
        for index, found in self._link(cluster, names, person_ids, known):
            authorship = Authorship(lab=self.lab, publication_id=cluster.pk,
                                    position=index + 1, name=names[index])
            self.ambiguous.append(AmbiguousAuthor(authorship, found))
        for position, (row, person_id) in enumerate(zip(authors, person_ids, strict=True),
                                                    start=1):
            self.rows.append((self.lab.pk, cluster.pk, position, row.name, person_id,
                              row.equal_contribution, row.corresponding))

    def kept_list(self, cluster: Cluster, previous: list[dict]) -> None:
        """An existing list: only the exporting member may still need their link."""
        if not (cluster.by_person and previous):
            return
        person_ids = [old["person_id"] for old in previous]
        for index, found in self._link(cluster, [old["name"] for old in previous], person_ids):
            old = previous[index]
            authorship = Authorship(pk=old["pk"], lab=self.lab, publication_id=cluster.pk,
                                    position=index + 1, name=old["name"])
            self.ambiguous.append(AmbiguousAuthor(authorship, found))
        self.relinked.extend(
            Authorship(pk=old["pk"], person_id=person_id)
            for old, person_id in zip(previous, person_ids, strict=True)
            if person_id != old["person_id"]
        )

    def save(self) -> None:
        insert_rows(Authorship, _AUTHOR_COLUMNS, self.rows)
        if self.relinked:
            Authorship.objects.bulk_update(self.relinked, ["person"], batch_size=BATCH_SIZE)


_LINK_COLUMNS = ("lab", "publication", "kind", "url", "label", "order")


def _write_links(plan: ImportPlan, clusters: list[Cluster]) -> None:
    rows = []
    for cluster in clusters:
        start = len(plan._links.get(cluster.existing_pk, ())) if not cluster.is_new else 0
        for offset, (kind, url, label) in enumerate(cluster.new_links):
            rows.append((plan.lab.pk, cluster.pk, kind, url, label, start + offset))
    insert_rows(PublicationLink, _LINK_COLUMNS, rows)


def _write_possible_duplicates(plan: ImportPlan, clusters: list[Cluster]) -> int:
    rows, seen = [], set(plan._existing_pairs)
    for cluster in clusters:
        for other, reason in cluster.possible:
            other_pk = other.pk or other.existing_pk
            if cluster.pk is None or other_pk is None or other_pk == cluster.pk:
                continue
            pair = (min(cluster.pk, other_pk), max(cluster.pk, other_pk))
            if pair in seen:
                continue
            seen.add(pair)
            rows.append(PossibleDuplicate(lab=plan.lab, publication_id=cluster.pk,
                                          other_id=other_pk, reason=reason[:300]))
    PossibleDuplicate.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)
