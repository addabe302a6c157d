"""Inline tables of other apps' rows on the person admin page (awards, news items …).

``people`` sits below awards and news, so it cannot import their models or admins. Each
of those apps registers an inline of its rows about a person (a ``TenantInline`` whose
model has a ``person`` foreign key) here in ``AppConfig.ready()``; ``PersonAdmin`` shows
them after its own links and CV entries, in ``order``. The inline takes the person's
rights: whoever may change the person edits these rows, and new rows get the person's
lab (``labsite.admin.TenantInlineFormSet``).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PersonAdminInline:
    name: str  # e.g. "awards": what the rows are, for the registry's own bookkeeping
    inline: type  # a labsite.admin.TenantInline subclass
    order: int = 100


_inlines: dict[str, PersonAdminInline] = {}


def register_person_admin_inline(name: str, inline: type, *, order: int = 100) -> None:
    _inlines[name] = PersonAdminInline(name, inline, order)


def person_admin_inlines() -> list[type]:
    """The registered inline classes, in their order."""
    return [entry.inline for entry in sorted(_inlines.values(), key=lambda e: (e.order, e.name))]


def person_admin_inline(name: str) -> type | None:
    entry = _inlines.get(name)
    return entry.inline if entry else None
