"""Admin lists that meet out-of-range filter values as bad input, not as a server error.

A number too large for the database or for a date (``?lab=99999999999999999999999``,
``?date__year=…``) raises ``OverflowError`` while the list is built; Django's own answer
to a bad filter value is ``IncorrectLookupParameters``: the unfiltered list (``?e=1``).
"""

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList

# The widest integer column of any supported database (a 64-bit signed ``BigAutoField``).
LARGEST_ID = 2**63 - 1

TOO_LARGE_MESSAGE = "A filter value in the address was out of range, so the whole list is shown."


def filter_id(value: str) -> int:
    """A row id from a filter's query parameter; ``OverflowError`` past any database's ids
    (SQLite raises one itself, PostgreSQL would quietly match nothing)."""
    number = int(value)
    if abs(number) > LARGEST_ID:
        raise OverflowError(f"{value[:20]}… is out of range")
    return number


class BoundedChangeList(ChangeList):
    def __init__(self, request, *args, **kwargs):
        try:
            super().__init__(request, *args, **kwargs)
        except OverflowError as error:
            messages.error(request, TOO_LARGE_MESSAGE)
            raise IncorrectLookupParameters(error) from error


class BoundedChangeListMixin:
    """For every ``ModelAdmin`` of the project (``TenantAdmin``, ``LabAdmin``)."""

    def get_changelist(self, request, **kwargs):
        return BoundedChangeList


def bound_every_changelist(site) -> None:
    """Give the admins other apps register (Django's users and groups, django-tasks'
    results) the same answer to out-of-range values as the project's own: their lists
    took ``?id__in=1,<huge>`` to a 500 on SQLite. Run once every admin is registered."""
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, BoundedChangeListMixin):
            continue
        plain = type(model_admin)
        bounded = type(plain.__name__, (BoundedChangeListMixin, plain),
                       {"__module__": plain.__module__, "__qualname__": plain.__qualname__})
        site.unregister(model)
        site.register(model, bounded)
