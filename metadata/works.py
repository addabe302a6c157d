"""A member's works from ORCID, DBLP or OpenAlex, imported through the publication import as that
member's own import (``publications.imports``: one plan, one merge policy; papers the lab
has are merged or skipped, never duplicated; only papers the member authors are changed).

The member's iD comes from their ORCID or DBLP link (``PersonLink``); OpenAlex's from their
OpenAlex author link, else their ORCID link. What happens to the
papers the works would add is the lab's choice (``new_papers_policy``): "review" (the
default) applies the rest at once and keeps the works as ``FoundWorks`` for the member or
an editor to review in the import preview; "add" imports everything; "off" adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from labsite.models import Lab
from metadata import breaker
from metadata import models as metadata_models
from metadata.http import FetchFailed, NotFound
from metadata.models import FoundWorks
from metadata.refresh import RefreshReport
from metadata.sources import dblp, openalex_works, orcid
from people.models import Person, PersonLink
from publications.choices import ImportFormat
from publications.importers import ParseResult
from publications.imports import ERROR, NOT_YOURS, ImportFailed, ImportFile, apply_import
from publications.imports import plan_import as plan_entries
from publications.imports.parsing import parse_files

SOURCES = (orcid.SOURCE, dblp.SOURCE, openalex_works.SOURCE)
REVIEW, ADD, OFF = "review", "add", "off"
POLICIES = (REVIEW, ADD, OFF)


@dataclass(frozen=True)
class WorksImported:
    works: int  # entries read
    changed: int  # papers created, updated or merged into
    waiting: int  # new papers kept for review


@dataclass(frozen=True)
class WorksSource:
    link_kinds: tuple[str, ...]  # the links that may hold the person's id, preferred first
    format: str
    identifier: object  # link URL → the source's id of the person, or ""
    label: str

    def fetch(self, identifier: str) -> tuple[bytes, str]:
        """The person's works as an import file, and what was left out of it."""
        if self.format == ImportFormat.ORCID_JSON:
            found = orcid.works_file(identifier)
            left_out = (f"{found.left_out} works past the first {orcid.MAX_WORKS} were left out"
                        if found.left_out else "")
            return found.data, left_out
        if self.format == ImportFormat.OPENALEX_JSON:
            found = openalex_works.works_file(identifier)
            left_out = (f"{found.left_out} works past the first {found.works} were left out"
                        if found.left_out else "")
            return found.data, left_out
        return dblp.person_bibtex(identifier), ""


WORKS_SOURCES = {
    orcid.SOURCE: WorksSource((PersonLink.Kind.ORCID,), ImportFormat.ORCID_JSON,
                              orcid.orcid_id, "ORCID"),
    dblp.SOURCE: WorksSource((PersonLink.Kind.DBLP,), ImportFormat.BIBTEX, dblp.dblp_pid, "DBLP"),
    openalex_works.SOURCE: WorksSource(
        (PersonLink.Kind.OPENALEX, PersonLink.Kind.ORCID), ImportFormat.OPENALEX_JSON,
        openalex_works.author_filter, "OpenAlex"),
}


def new_papers_policy(lab: Lab) -> str:
    """The lab's choice for papers found in its members' works: review, add or off.

    ``LabMetadataSettings.new_papers`` (the lab's metadata settings row) when it exists;
    "review" without one."""
    model = getattr(metadata_models, "LabMetadataSettings", None)
    row = model.objects.for_lab(lab).first() if model is not None else None
    policy = getattr(row, "new_papers", REVIEW)
    return policy if policy in POLICIES else REVIEW


def people_with_ids(lab: Lab, source: str) -> list[tuple[Person, str]]:
    """The lab's members with an id at ``source`` (their first link of the preferred kind
    that holds one), in name order."""
    spec = WORKS_SOURCES[source]
    rank = {kind: position for position, kind in enumerate(spec.link_kinds)}
    found: dict[int, tuple[Person, str]] = {}
    links = PersonLink.objects.for_lab(lab).filter(kind__in=spec.link_kinds).select_related(
        "person").order_by("person__full_name", "person_id", "order", "pk")
    for link in sorted(links, key=lambda link: rank[link.kind]):  # stable: name order kept
        if link.person_id not in found and (identifier := spec.identifier(link.url)):
            found[link.person_id] = (link.person, identifier)
    return sorted(found.values(), key=lambda item: (item[0].full_name, item[0].pk))


def _without(parsed, keys: set[str]):
    return [(upload, ParseResult(result.filename, result.format,
                                 [entry for entry in result.entries if entry.key not in keys],
                                 result.errors))
            for upload, result in parsed]


def _new_keys(plan) -> set[str]:
    """Entries that would become (or join) a paper the lab does not have."""
    return {item.key for item in plan.items
            if item.status not in (ERROR, NOT_YOURS) and item.target.startswith("new ")}


def _keep_for_review(*, lab, person, source, works: str, new_papers: int) -> None:
    spec = WORKS_SOURCES[source]
    row = FoundWorks.objects.for_lab(lab).filter(person=person, source=source).first()
    if row is not None and row.works == works and row.new_papers == new_papers:
        return  # found again as it was: nothing changes
    FoundWorks.objects.for_lab(lab).update_or_create(
        lab=lab, person=person, source=source,
        defaults={"format": spec.format, "works": works, "new_papers": new_papers,
                  "found_at": timezone.now()},
    )  # fmt: skip


def import_works(*, lab: Lab, person: Person, source: str, data: bytes, policy: str,
                 dry_run: bool = False) -> WorksImported:
    """Import ``data`` (the works as ``source`` gave them) as ``person``'s own import under
    ``policy``."""
    spec = WORKS_SOURCES[source]
    upload = ImportFile(name=f"{spec.label} works of {person.full_name}"[:255],
                        data=data, format=spec.format)
    parsed = parse_files([upload])
    plan = plan_entries(lab=lab, parsed=parsed, person=person, person_must_author=True)
    new = _new_keys(plan)
    if policy != ADD and new:
        plan = plan_entries(lab=lab, parsed=_without(parsed, new), person=person,
                            person_must_author=True)
    waiting = len(new) if policy == REVIEW else 0
    counts = plan.counts
    result = WorksImported(works=sum(len(r.entries) for _, r in parsed), waiting=waiting,
                           changed=counts["created"] + counts["updated"] + counts["merged"])
    if dry_run:
        return result
    if plan.writes_anything:
        apply_import(lab=lab, plan=plan)
    if waiting:
        _keep_for_review(lab=lab, person=person, source=source, new_papers=waiting,
                         works=data.decode("utf-8", "replace"))
    else:
        FoundWorks.objects.for_lab(lab).filter(person=person, source=source).delete()
    return result


def refresh_works(lab: Lab, *, source: str, dry_run: bool = False) -> RefreshReport:
    """Every member of ``lab`` with an id at ``source``: fetch their works, import them."""
    report = RefreshReport(lab=lab.slug, source=source)
    policy = new_papers_policy(lab)
    people = people_with_ids(lab, source)
    report.identifiers = len(people)
    for person, identifier in people:
        if breaker.is_open(source):
            report.skipped_reason = f"{source} is failing; its breaker is open"
            break
        try:
            data, left_out = WORKS_SOURCES[source].fetch(identifier)
        except NotFound:
            report.errors.append(f"{person.full_name}: {source} has no {identifier}")
            breaker.record_success(source)  # it answered
            continue
        except FetchFailed as error:
            report.failed_batches += 1
            report.errors.append(f"{person.full_name}: {error}")
            breaker.record_failure(source, str(error))
            continue
        breaker.record_success(source)
        report.fetched += 1
        if left_out:
            report.errors.append(f"{person.full_name}: {left_out}")
        try:
            result = import_works(lab=lab, person=person, source=source, data=data,
                                  policy=policy, dry_run=dry_run)
        except ImportFailed as error:
            report.errors.append(f"{person.full_name}: {error}")
            continue
        report.papers += result.works
        report.changed_papers += result.changed
        report.new_papers_waiting += result.waiting
    return report
