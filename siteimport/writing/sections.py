"""Planning the sections of a page from a site: a person's (``PersonSection``) or, for a lab
template, the lab's home page (``LabSection``), and the lab's about text.

Sections are matched by kind and heading first (two "Experience" lists, or a custom "News"
next to the news section, get anchors "-2" the first time: a second run must find the same
rows), then by their default anchor (the owner renamed the heading). The page takes the
site's order: its sections first, as the site has them, then the page's others as they were.
One query per page.
"""

from __future__ import annotations

from labsite.sections import LabSection, SectionKind, default_anchor, free_anchor
from people.models import PersonSection
from people.section_defaults import ORDER_STEP
from siteimport.types import SiteData
from siteimport.writing.rows import full_save
from siteimport.writing.types import Action, PlannedItem
from siteimport.writing.validation import checked, field_problems


def plan_person_sections(person, site: SiteData, items: list[PlannedItem]) -> None:
    _plan_page_sections(lab=person.lab, model=PersonSection, page={"person": person},
                        site=site, items=items)


def plan_lab_sections(lab, site: SiteData, items: list[PlannedItem]) -> None:
    _plan_page_sections(lab=lab, model=LabSection, page={}, site=site, items=items)


def plan_lab_about(lab, site: SiteData, items: list[PlannedItem]) -> None:
    """The lab's about text from the site's home page (kept when the site has none)."""
    about = site.profile.about.strip()
    if not about:
        return
    origin = site.profile.origin
    if lab.about == about:
        items.append(PlannedItem("lab", "about", Action.UNCHANGED, origin=origin))
        return
    problems = field_problems(lab, {"about": about})
    if problems:
        items.append(PlannedItem("lab", "about", Action.SKIPPED, origin=origin,
                                 reason=f"cannot be saved as it is ({problems['about']})"))
        return

    def write():
        lab.about = about
        lab.save()

    items.append(PlannedItem("lab", "about", Action.UPDATE, origin=origin, changes=["about"],
                             write=write))


def _plan_page_sections(*, lab, model, page: dict, site: SiteData, items) -> None:
    existing = list(model.objects.for_lab(lab).filter(**page).order_by("order", "pk"))
    by_heading = {(row.kind, row.heading.casefold()): row for row in reversed(existing)}
    by_anchor = {row.anchor: row for row in existing}
    matched: set[int] = set()
    taken = set(by_anchor)
    # (row, changes, origin, new?) in the page's final order: the site's sections as the
    # site orders them, then the page's other sections as they were.
    placed: list[tuple] = []
    for section in site.sections:
        heading = section.heading
        if section.kind == SectionKind.CUSTOM and not heading:
            heading = "Section"  # a custom section needs a heading
        anchor = default_anchor(model(kind=section.kind, heading=heading))
        row = _existing_row(section.kind, heading, anchor, by_heading, by_anchor, matched)
        if row is not None:
            matched.add(row.pk)
            changes = []
            if heading and row.heading != heading:
                changes.append("heading")
            if section.kind == SectionKind.CUSTOM and row.body != section.body:
                changes.append("body")
            placed.append((row, heading, section.body, changes, section.origin, False))
            continue
        row = model(lab=lab, **page, kind=section.kind, heading=heading,
                    anchor=free_anchor(anchor, taken), body=section.body)
        if not checked(row, items, kind="section", what=heading or section.kind,
                       origin=section.origin):
            continue
        taken.add(row.anchor)
        placed.append((row, heading, section.body, [], section.origin, True))
    placed += [(row, row.heading, row.body, [], None, False)
               for row in existing if row.pk not in matched]
    for position, (row, heading, body, changes, origin, new) in enumerate(placed, start=1):
        order = position * ORDER_STEP
        what = heading or row.kind
        if new:
            row.order = order
            items.append(PlannedItem("section", what, Action.CREATE, origin=origin,
                                     write=full_save(row)))
            continue
        if row.order != order:
            changes.append("order")
        items.append(PlannedItem(
            "section", what, Action.UPDATE if changes else Action.UNCHANGED, origin=origin,
            changes=changes, write=_update_section(row, heading, body, order, changes),
        ))  # fmt: skip


def _existing_row(kind, heading, anchor, by_heading, by_anchor, matched):
    """The page's row a site section is, if any: same kind and heading, else same default
    anchor and kind; a row is matched once."""
    for row in (by_heading.get((kind, heading.casefold())), by_anchor.get(anchor)):
        if row is not None and row.kind == kind and row.pk not in matched:
            return row
    return None


def _update_section(row, heading, body, order, changes):
    if not changes:
        return None

    def write():
        row.order = order
        if "heading" in changes:
            row.heading = heading
        if "body" in changes:
            row.body = body
        row.full_clean()
        row.save()

    return write
