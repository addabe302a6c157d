"""A pasted markdown list becomes a person's awards, news items or CV entries.

Preview first (nothing is written), then create all in one transaction or nothing. The
lines are read by the pure parser (people/pasted_lists.py); awards and news are reached
through the registry of person-admin rows (people/admin_inlines.py), CV entries are
people's own. Every row gets the person's lab and the person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from labsite.links import is_web_url
from people.admin_inlines import pasted_row_builders
from people.models import CVEntry
from people.pasted_lists import (
    PastedItem,
    PastedList,
    Precision,
    first_link,
    parse_pasted_list,
    plain_text,
)

CV_PREFIX = "cv:"


def paste_targets() -> dict[str, tuple[str, object]]:
    """target key → (label, builder), in the order the paste page lists them."""
    targets = dict(pasted_row_builders())
    for kind in CVEntry.Kind:
        targets[CV_PREFIX + kind.value] = (f"CV: {kind.label}", _cv_entry_builder(kind.value))
    return targets


def _cv_entry_builder(kind: str):
    def build(person, item: PastedItem, position: int) -> CVEntry:
        link = first_link(item.text)
        entry = CVEntry(
            lab_id=person.lab_id,
            person=person,
            kind=kind,
            title=plain_text(item.text),
            link=link if is_web_url(link) else "",
            order=position,  # the pasted order is the page's order
            end_expected=item.end_expected,
            **_year_and_month("start", item.date, item.precision),
            **_year_and_month("end", item.end_date, item.end_precision),
        )
        if hasattr(entry, "date_precision"):  # labsite/dates.py, once it is there
            entry.date_precision = item.precision
        return entry

    return build


def _year_and_month(prefix: str, date, precision: str) -> dict:
    if date is None:
        return {f"{prefix}_year": None, f"{prefix}_month": None}
    with_month = precision in (Precision.MONTH, Precision.DAY)
    return {f"{prefix}_year": date.year, f"{prefix}_month": date.month if with_month else None}


@dataclass
class PreviewRow:
    item: PastedItem
    row: object | None  # the unsaved model instance
    errors: list[str] = field(default_factory=list)


@dataclass
class PastePreview:
    target_label: str
    rows: list[PreviewRow]
    parsed: PastedList

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    @property
    def creatable(self) -> int:
        return sum(1 for row in self.rows if not row.errors)


def preview_pasted_list(*, person, target: str, text: str) -> PastePreview:
    """What ``text`` would become for ``person`` as ``target`` rows, validated, unsaved.

    Raises ``ValidationError`` for an unknown target or a paste over the bounds."""
    targets = paste_targets()
    if target not in targets:
        raise ValidationError("Choose what the list's items are.")
    label, build = targets[target]
    try:
        parsed = parse_pasted_list(text)
    except ValueError as error:  # PastedListTooLarge
        raise ValidationError(str(error)) from error
    rows = []
    for position, item in enumerate(parsed.items):
        try:
            row = build(person, item, position)
            row.full_clean()
        except ValidationError as error:
            rows.append(PreviewRow(item, None, _messages(error)))
        else:
            rows.append(PreviewRow(item, row))
    return PastePreview(label, rows, parsed)


@transaction.atomic
def create_pasted_items(*, person, target: str, text: str) -> list:
    """Creates every item of the list, in one transaction; nothing when any item has an
    error (``ValidationError`` naming the lines)."""
    preview = preview_pasted_list(person=person, target=target, text=text)
    if preview.has_errors:
        lines = ", ".join(str(row.item.line) for row in preview.rows if row.errors)
        raise ValidationError(f"Nothing was saved: fix line(s) {lines} first.")
    if not preview.rows:
        raise ValidationError("The list has no items to create.")
    created = []
    for row in preview.rows:
        row.row.save()
        created.append(row.row)
    return created


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            message if name == "__all__" else f"{name.replace('_', ' ')}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)
