"""A lab site's team: members and alumni made or updated as the lab's people (matched by
name), in groups by kind; alumni carry their period."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.text import slugify

from labsite.sections import free_anchor
from people.models import Group, Person
from siteimport.types import SiteData
from siteimport.writing.rows import email_fields, plan_photo
from siteimport.writing.types import Action, PlannedItem
from siteimport.writing.validation import checked


def plan_team(lab, site: SiteData, items: list[PlannedItem], *, source=None) -> None:
    people = {row.full_name.casefold(): row for row in Person.objects.for_lab(lab)}
    slugs = {row.slug for row in people.values()}
    groups = {row.kind: row for row in Group.objects.for_lab(lab).order_by("order", "pk")}
    for member in site.team:
        existing = people.get(member.name.casefold())
        wanted = _wanted(member)
        if existing is not None:
            changes = {name: value for name, value in wanted.items()
                       if value not in ("", None) and getattr(existing, name) != value}
            items.append(PlannedItem(
                "member", member.name, Action.UPDATE if changes else Action.UNCHANGED,
                origin=member.origin, changes=sorted(changes),
                write=_update(existing, changes) if changes else None,
            ))  # fmt: skip
            plan_photo(existing, member.photo, source, items, origin=member.origin,
                       kind="member photo")
            continue
        slug = free_anchor(slugify(member.name)[:50] or "member", slugs)
        slugs.add(slug)
        person = Person(lab=lab, slug=slug, full_name=member.name[:200], **wanted)
        if not checked(person, items, kind="member", what=member.name, origin=member.origin,
                       exclude=["group", "photo"]):
            continue
        people[member.name.casefold()] = person
        items.append(PlannedItem("member", member.name, Action.CREATE, origin=member.origin,
                                 write=_create(person, member, groups, lab)))
        # After the member's row: the photo's write saves the person again, with the file.
        plan_photo(person, member.photo, source, items, origin=member.origin,
                   kind="member photo")


def _wanted(member) -> dict:
    wanted = {"position": member.position[:200], "bio": member.info, "now": member.now[:200]}
    if member.email:
        wanted.update(email_fields(member.email, member.email_obfuscated))
    if member.joined.date:
        wanted["joined"], wanted["joined_precision"] = member.joined.date, member.joined.precision
    if member.left.date:
        wanted["left"], wanted["left_precision"] = member.left.date, member.left.precision
    elif member.alumnus:
        # An alumnus whose site gives no end: left "some time ago", the date not shown.
        wanted["left"] = timezone.localdate() - datetime.timedelta(days=1)
        wanted["left_precision"] = "none"
    return wanted


def _update(person, changes):
    def write():
        for name, value in changes.items():
            setattr(person, name, value)
        person.save()

    return write


def _create(person, member, groups, lab):
    kind = member.group

    def write():
        if kind:
            group = groups.get(kind)
            if group is None:
                # The team page's own heading ("PhD Students") names the group; an
                # alumnus's heading ("Alumni") says they left, not what group they were in.
                heading = "" if member.alumnus else member.group_heading
                name = heading[:100] or Group.Kind(kind).label
                group = Group.objects.create(lab=lab, kind=kind, name=name, order=len(groups))
                groups[kind] = group
            person.group = group
        person.save()

    return write
