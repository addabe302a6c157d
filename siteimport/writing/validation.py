"""Every row of a site import is checked when it is planned, not when it is written: a row
the model would refuse (too long, not a URL, a field missing) is planned as skipped, with
the model's own message, the item and where it was read, and the rest of the import goes on.
Apply then never meets a ValidationError it could have foreseen."""

from __future__ import annotations

import copy

from django.core.exceptions import ValidationError

from siteimport.writing.types import Action, PlannedItem


def _probe(row):
    """A copy of ``row`` to check without queries: its foreign keys are excluded and its lab
    is unset, so ``TenantModel.clean`` skips its same-lab query per relation. The planners
    set every relation to a row they read in the lab, and the write checks it again."""
    probe = copy.copy(row)
    probe.lab_id = None
    return probe


def _relations(row, exclude) -> list[str]:
    return [*exclude, *(field.name for field in row._meta.concrete_fields if field.is_relation)]


def row_problem(row, *, exclude=(), model_clean: bool = True) -> str:
    """Why the model refuses ``row`` ("" when it accepts it). Uniqueness and constraints are
    left to the write (they need queries; the planners already match by natural key), so
    planning stays at a fixed number of queries. ``model_clean`` False checks the fields
    only (a row whose ``clean`` needs a parent that does not exist yet)."""
    probe = _probe(row)
    try:
        if not model_clean:
            probe.clean_fields(exclude=_relations(probe, exclude))
            return ""
        probe.full_clean(exclude=_relations(probe, exclude), validate_unique=False,
                         validate_constraints=False)
    except ValidationError as error:
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return ""


def checked(row, items: list[PlannedItem], *, kind: str, what: str, origin=None,
            exclude=(), model_clean: bool = True) -> bool:
    """True when ``row`` may be written; otherwise a skipped item saying why is planned."""
    problem = row_problem(row, exclude=exclude, model_clean=model_clean)
    if problem:
        items.append(PlannedItem(kind, what, Action.SKIPPED, origin=origin,
                                 reason=f"cannot be saved as it is ({problem})"))
        return False
    return True


def field_problems(row, changes: dict, *, exclude=()) -> dict[str, str]:
    """{field: why the model refuses it} for ``changes`` applied to a copy of ``row`` (the
    row itself is not touched: the write applies what is left)."""
    probe = _probe(row)
    for name, value in changes.items():
        setattr(probe, name, value)
    try:
        probe.full_clean(exclude=_relations(probe, exclude), validate_unique=False,
                         validate_constraints=False)
    except ValidationError as error:
        return {name: " ".join(messages) for name, messages in error.message_dict.items()
                if name in changes}
    return {}
