"""Inline tables of other apps' rows on the person admin page (awards, news items …).

``people`` sits below awards and news, so it cannot import their models or admins. Each
of those apps registers an inline of its rows about a person (a ``TenantInline`` whose
model has a ``person`` foreign key) here in ``AppConfig.ready()``; ``PersonAdmin`` shows
them after its own links and CV entries, in ``order``. The inline takes the person's
rights: whoever may change the person edits these rows, and new rows get the person's
lab (``labsite.admin.TenantInlineFormSet``).

``from_pasted`` (optional) makes the same rows targets of "Paste a list"
(people/pasting.py): ``from_pasted(person, item, position)`` returns an unsaved row of
the person's lab from a ``people.pasted_lists.PastedItem``, or raises ``ValidationError``
saying why the item cannot be one.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonAdminInline:
    name: str  # e.g. "awards": the key of the paste target too
    inline: type  # a labsite.admin.TenantInline subclass
    order: int = 100
    from_pasted: Callable | None = None


_inlines: dict[str, PersonAdminInline] = {}


def register_person_admin_inline(
    name: str, inline: type, *, order: int = 100, from_pasted: Callable | None = None
) -> None:
    _inlines[name] = PersonAdminInline(name, inline, order, from_pasted)


def pasted_row_builders() -> dict[str, tuple[str, Callable]]:
    """name → (label, builder) of the registered rows a pasted list can become."""
    return {
        entry.name: (_label(entry.inline), entry.from_pasted)
        for entry in sorted(_inlines.values(), key=lambda e: (e.order, e.name))
        if entry.from_pasted is not None
    }


def _label(inline) -> str:
    plural = inline.verbose_name_plural or inline.model._meta.verbose_name_plural
    return str(plural).capitalize()


def person_admin_inlines() -> list[type]:
    """The registered inline classes, in their order."""
    return [entry.inline for entry in sorted(_inlines.values(), key=lambda e: (e.order, e.name))]


def person_admin_inline(name: str) -> type | None:
    entry = _inlines.get(name)
    return entry.inline if entry else None
