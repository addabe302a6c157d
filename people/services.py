"""Write operations on people's composed pages (keyword-only, one place for each rule)."""

from collections.abc import Iterable

from django.db import transaction

from labsite.sections import free_anchor
from people.models import Person, PersonSection, ResearchInterest
from people.section_defaults import (
    DEFAULT_PERSON_KINDS,
    ORDER_STEP,
    legacy_interests,
    legacy_person_kinds,
)


def section_rows(*, person: Person, kinds: Iterable[str]) -> list[PersonSection]:
    """Unsaved rows of ``kinds`` in that order (for ``bulk_create`` of many people)."""
    rows, taken = [], set()
    for index, kind in enumerate(kinds, start=1):
        anchor = free_anchor(kind, taken)
        taken.add(anchor)
        rows.append(
            PersonSection(
                lab_id=person.lab_id, person=person, kind=kind, anchor=anchor,
                order=index * ORDER_STEP,
            )
        )  # fmt: skip
    return rows


@transaction.atomic
def add_sections(*, person: Person, kinds: Iterable[str]) -> list[PersonSection]:
    """Appends rows of ``kinds`` to the member's page, after the ones it has."""
    existing = list(person.sections.all())
    start = max((row.order for row in existing), default=0)
    taken = {row.anchor for row in existing}
    rows = []
    for index, kind in enumerate(kinds, start=1):
        row = PersonSection(
            lab_id=person.lab_id, person=person, kind=kind,
            anchor=free_anchor(kind, taken), order=start + index * ORDER_STEP,
        )  # fmt: skip
        taken.add(row.anchor)
        row.save()
        rows.append(row)
    return rows


def add_default_sections(*, person: Person) -> list[PersonSection]:
    """The sections a new member's homepage starts with (they may delete any or all)."""
    return add_sections(person=person, kinds=DEFAULT_PERSON_KINDS)


@transaction.atomic
def add_legacy_sections(
    *, person: Person, homepage_sections: str, research_interests: str = ""
) -> None:
    """Rows equivalent to the former text fields (an archive written before sections)."""
    add_sections(person=person, kinds=legacy_person_kinds(homepage_sections))
    add_interests(person=person, titles=legacy_interests(research_interests))


@transaction.atomic
def add_interests(*, person: Person, titles: Iterable, start: int = 0) -> list[ResearchInterest]:
    """Research interests from titles, or ``(title, description)`` pairs, in order."""
    interests = []
    for index, item in enumerate(titles, start=1):
        title, description = (item, "") if isinstance(item, str) else item
        interest = ResearchInterest(
            lab_id=person.lab_id, person=person, title=title,
            description=description, order=start + index * ORDER_STEP,
        )  # fmt: skip
        interest.full_clean()
        interest.save()
        interests.append(interest)
    return interests
