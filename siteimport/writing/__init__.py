"""A site's data (``siteimport.types.SiteData``) written as rows of a person or a lab.

``plan_site_import`` is a dry run: every item of the site with what will happen to it
(create / update / unchanged / skipped, and why) and where it was read. ``apply_site_import``
writes that plan in one transaction, all or nothing. Papers go through the publication
import pipeline (``siteimport.writing.papers``); the other rows are matched by natural keys
(``siteimport.writing.rows``), so re-running an import changes nothing.

Tenancy: everything is read and written in ``lab``. A member (``acting_user`` who does not
edit the lab) may import only into their own person, and the pipeline's member rules apply
to their papers; a lab import needs a lab editor.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from labsite.cache import bump_content_version
from labsite.permissions import scope_for_user
from siteimport.source import SiteSource
from siteimport.types import SiteData
from siteimport.writing import rows
from siteimport.writing.papers import PaperExtras, plan_papers, write_papers
from siteimport.writing.sections import plan_lab_about, plan_lab_sections, plan_person_sections
from siteimport.writing.team import plan_team
from siteimport.writing.types import (
    Action,
    PlannedItem,
    SiteImportPlan,
    SiteImportReport,
)

__all__ = [
    "Action",
    "PlannedItem",
    "SiteImportFailed",
    "SiteImportPlan",
    "SiteImportReport",
    "apply_site_import",
    "plan_site_import",
]


class SiteImportFailed(Exception):
    """Writing failed; nothing was changed. The message is for the user."""


def plan_site_import(
    *, site: SiteData, lab, person=None, acting_user=None, source: SiteSource | None = None
) -> SiteImportPlan:
    """What importing ``site`` into ``person`` (or, without one, into the lab) would do.

    ``acting_user`` None is the operator (the ``importsite`` command). ``source`` is where
    the photo and thumbnails are read from.
    """
    as_member = _check_access(lab=lab, person=person, acting_user=acting_user)
    items: list[PlannedItem] = []
    inferred = []
    if site.profile.name_inferred and site.profile.name:
        inferred.append(f"name {site.profile.name!r} (the bold name in the author lists)")
    if person is not None:
        rows.plan_profile(person, site, items)
        rows.plan_photo(person, site.profile.photo, source, items, origin=site.profile.origin)
        rows.plan_links(person, site, items)
        plan_person_sections(person, site, items)
        rows.plan_interests(person, site, items)
        rows.plan_news(lab, person, site, items)
        rows.plan_awards(person, site, items)
        rows.plan_cv(person, site, items)
    else:
        plan_lab_about(lab, site, items)
        plan_lab_sections(lab, site, items)
        plan_team(lab, site, items, source=source)
        rows.plan_news(lab, None, site, items)
    extras: dict[int, PaperExtras] = {}
    papers = plan_papers(lab=lab, person=person, site=site, as_member=as_member, items=items,
                         extras=extras, source=source)
    for skipped in site.skipped:
        items.append(PlannedItem("skipped", skipped.what, Action.SKIPPED, reason=skipped.reason,
                                 origin=skipped.origin))
    for warning in site.warnings:
        items.append(PlannedItem("warning", warning, Action.SKIPPED, reason="could not be read"))
    return SiteImportPlan(lab=lab, person=person, site=site, items=items, papers=papers,
                          inferred=inferred, paper_extras=extras)


def _check_access(*, lab, person, acting_user) -> bool:
    """Whether the import is a member's own (the pipeline's member rules then apply)."""
    if person is not None and person.lab_id != lab.pk:
        raise PermissionDenied("That person is not a member of this lab.")
    if acting_user is None:
        return False
    scope = scope_for_user(acting_user)
    if scope.edits(lab.pk):
        return False
    if person is None or person.pk not in scope.person_ids:
        raise PermissionDenied("You may import a site only into your own homepage.")
    return True


def apply_site_import(*, plan: SiteImportPlan, source: SiteSource | None = None
                      ) -> SiteImportReport:
    """Writes ``plan`` in one transaction: everything, or on any failure nothing."""
    try:
        with transaction.atomic():
            for item in plan.items:
                if item.write is not None and item.action in (Action.CREATE, Action.UPDATE):
                    item.write()
            papers = None
            if plan.papers is not None:
                papers = write_papers(lab=plan.lab, person=plan.person, site=plan.site,
                                      plan=plan.papers, source=source,
                                      extras=plan.paper_extras)
    except Exception as error:
        raise SiteImportFailed(
            f"The import failed and nothing was changed ({error.__class__.__name__}: {error})."
        ) from error
    bump_content_version(plan.lab.pk)
    return SiteImportReport(plan=plan, papers=papers)
