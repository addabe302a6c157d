"""Enforced tenant scoping: a read of a lab's rows that forgot ``.for_lab(lab)`` fails loudly.

With ``LABSITE_STRICT_TENANT_SCOPING`` on (the test settings; off in production, where
nothing here raises) a ``TenantQuerySet`` that hits the database must be one of:

- scoped: built from ``Model.objects.for_lab(lab)`` or ``.for_labs(labs)`` (the mark
  survives chaining; ``|`` and ``union`` keep it only when every side has it);
- filtered by a row already loaded: related managers (``person.authorships.all()``) and
  ``prefetch_related``, which Django marks with the ``instance`` hint;
- read inside ``unscoped("why")``, or marked ``across_labs(queryset, "why")`` when it is
  evaluated later (an admin list of a platform superuser);
- read by a test itself (its nearest project frame is under ``tests/``): a test's own
  assertions may count every lab's rows; the code it calls may not.

Django's own reads of a row it holds (``refresh_from_db``, the delete collector, forward
foreign keys) use the plain base manager and are not checked; unique checks of
``TenantModel`` run inside ``unscoped``. Not checked either: reads through
``_base_manager`` (the archive's, filtered by lab) and raw SQL.
"""

import collections
import contextlib
import contextvars
import sys
from pathlib import Path

from django.conf import settings
from django.db import models


class UnscopedQueryError(RuntimeError):
    """A lab's rows were read without ``.for_lab(lab)`` outside an allowed context."""


_unscoped_reason: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "labsite_unscoped_reason", default=None
)

# The latest errors raised, so the suite fails a test even when code swallowed the error
# (tests/conftest.py empties it around each test); bounded for a long-lived process.
raised_errors: collections.deque[UnscopedQueryError] = collections.deque(maxlen=100)


def unscoped(reason: str):
    """Allow reads across labs in this block (or decorated function); say why."""
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError("unscoped() needs a reason: why may this code read every lab?")
    return _unscoped_block(reason)


@contextlib.contextmanager
def _unscoped_block(reason: str):
    token = _unscoped_reason.set(reason)
    try:
        yield
    finally:
        _unscoped_reason.reset(token)


def across_labs(queryset, reason: str):
    """``queryset`` deliberately spans labs, wherever it is evaluated later; say why.

    The lazy form of ``unscoped()``; other querysets (of ``Lab``, users) pass unchanged."""
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError("across_labs() needs a reason: why may this queryset span labs?")
    if not isinstance(queryset, ScopeCheckedQuerySet):
        return queryset
    clone = queryset._chain()
    clone._lab_scope = f"across labs: {reason}"
    return clone


def for_labs(queryset, labs):
    """Rows of ``queryset`` (of any model with a ``lab``) in ``labs`` (ids, ``Lab`` rows
    or a ``Lab`` queryset), marked scoped."""
    queryset = queryset.filter(lab__in=labs)
    if isinstance(queryset, ScopeCheckedQuerySet):
        queryset._lab_scope = "labs"
    return queryset


def _frame_location(frame) -> str:
    filename = frame.f_code.co_filename
    with contextlib.suppress(ValueError):
        filename = str(Path(filename).relative_to(settings.BASE_DIR))
    return f"{filename}:{frame.f_lineno} ({frame.f_code.co_name})"


def _callers():
    """The nearest frame outside the ORM, and the nearest of project code (or None)."""
    project = str(settings.BASE_DIR) + "/"
    orm = f"{Path(models.__file__).parent}/"
    frame, outside_orm = sys._getframe(2), None
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename != __file__:
            if outside_orm is None and not filename.startswith(orm):
                outside_orm = frame
            if filename.startswith(project) and "site-packages" not in filename:
                return outside_orm, frame
        frame = frame.f_back
    return outside_orm, None


def is_scoped(queryset) -> bool:
    """Is ``queryset`` limited to labs by construction (or a non-tenant queryset)?"""
    if not isinstance(queryset, ScopeCheckedQuerySet):
        return True
    return bool(queryset._lab_scope) or "instance" in queryset._hints or queryset.query.is_empty()


def check_scoped(queryset, operation: str) -> None:
    """Raise ``UnscopedQueryError`` if enforcement is on and ``queryset`` may span labs."""
    if not settings.LABSITE_STRICT_TENANT_SCOPING or is_scoped(queryset):
        return
    if _unscoped_reason.get() is not None:
        return
    outside_orm, project_caller = _callers()
    tests_dir = str(Path(settings.BASE_DIR) / "tests") + "/"
    if project_caller is not None and project_caller.f_code.co_filename.startswith(tests_dir):
        return  # a test's own assertion
    where = " via ".join(
        dict.fromkeys(_frame_location(f) for f in (outside_orm, project_caller) if f is not None)
    )
    error = UnscopedQueryError(
        f"{queryset.model.__name__} read without .for_lab(lab): {operation} at "
        f"{where or 'an unknown caller'}. Scope it with .for_lab(lab); a read that really "
        'spans labs goes inside labsite.scoping.unscoped("why").'
    )
    raised_errors.append(error)
    raise error


class ScopeCheckedQuerySet(models.QuerySet):
    """A QuerySet that remembers whether it was scoped, and checks it before each query."""

    # None, or what scoped it ("lab", "labs", "across labs: why").
    _lab_scope: str | None = None

    def __repr__(self):
        with unscoped("a queryset shown in a shell, log or error page"):
            return super().__repr__()

    def _scoped(self, how: str):
        clone = self._chain()
        clone._lab_scope = how
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._lab_scope = self._lab_scope
        return clone

    # Combining widens the rows: the result is scoped only if every side was.
    def _combined_scope(self, combined, *others):
        if combined is self or any(combined is other for other in others):
            return combined  # one side was empty: Django returned the other one itself
        if isinstance(combined, ScopeCheckedQuerySet):
            sides = [self, *others]
            combined._lab_scope = "combined" if all(map(is_scoped, sides)) else None
        return combined

    def __or__(self, other):
        return self._combined_scope(super().__or__(other), other)

    def __xor__(self, other):
        return self._combined_scope(super().__xor__(other), other)

    def union(self, *other_qs, all=False):  # noqa: A002 -- Django's signature
        return self._combined_scope(super().union(*other_qs, all=all), *other_qs)

    # Every way a QuerySet reaches the database.
    def _fetch_all(self):
        if self._result_cache is None:
            check_scoped(self, "reading rows")
        super()._fetch_all()

    def iterator(self, chunk_size=None):
        check_scoped(self, "iterator()")
        return super().iterator(chunk_size=chunk_size)

    def aiterator(self, chunk_size=2000):
        check_scoped(self, "aiterator()")
        return super().aiterator(chunk_size=chunk_size)

    def count(self):
        if self._result_cache is None:
            check_scoped(self, "count()")
        return super().count()

    def exists(self):
        if self._result_cache is None:
            check_scoped(self, "exists()")
        return super().exists()

    def aggregate(self, *args, **kwargs):
        check_scoped(self, "aggregate()")
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        check_scoped(self, "update()")
        return super().update(**kwargs)

    def delete(self):
        check_scoped(self, "delete()")
        return super().delete()

    def _raw_delete(self, using):
        check_scoped(self, "_raw_delete()")
        return super()._raw_delete(using)

    def explain(self, *, format=None, **options):  # noqa: A002 -- Django's signature
        check_scoped(self, "explain()")
        return super().explain(format=format, **options)

    def bulk_update(self, objs, fields, batch_size=None):
        # Writes exactly the rows passed in, each already of its lab.
        return super(ScopeCheckedQuerySet, self._scoped("rows in hand")).bulk_update(
            objs, fields, batch_size=batch_size
        )
