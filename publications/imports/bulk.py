"""The one raw-SQL bypass of the ORM, kept where the benchmark shows it pays.

``insert_rows`` writes an import's papers, authors and links from tuples of plain values,
as ``bulk_create`` would (no ``save()``, no signals) but without a model instance per row;
``raw_rows`` reads a ``values_list()`` QuerySet's rows from the cursor, without Django's
per-row conversion (the publication list and BibTeX pages). Nothing else goes around the
ORM. Measured with ``python -m tests.imports.bench_bulk 100 1500 5000`` (and under
``tests/with-postgres.sh``): best of 5, time of the bypass / time of the ORM call that
would replace it (``bulk_create`` of instances, ``values_list``), CPU of this process
(wall in brackets); 2-core machine shared with other jobs, 2026-12-02:

    papers (authors)    SQLite writes   SQLite reads   PostgreSQL writes   PostgreSQL reads
    100 (702)           0.19 (0.19)     1.08 (1.10)    0.33 (0.48)         1.01 (1.03)
    1,500 (10,364)      0.18 (0.17)     0.78 (0.86)    0.26 (0.44)         0.88 (1.15)
    5,000 (34,817)      0.19 (0.19)     0.71 (0.73)

The writes pay five-fold on SQLite and two-fold on PostgreSQL at every size: kept. The
reads pay on long lists only (a 5,000-paper list reads in 114 ms instead of 161, of a
~200 ms cold page) and not at 100 papers nor on PostgreSQL's wall clock; kept for the
long lists on SQLite that ``make bench`` measures, and worth re-measuring when the list
changes. Statements: on SQLite ``executemany`` of a one-row INSERT (in-process, nothing
to save on round trips; 100-row VALUES was faster still but made the statement count
grow with the file); on PostgreSQL one array a column (``UNNEST``, as Django 5.2's
``bulk_create`` does): ``executemany`` there was slower than ``bulk_create`` in wall
time, a round trip per row.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.utils import timezone

_ROWS_PER_STATEMENT = 2000  # rows an executemany() or UNNEST statement
_PLAIN_TYPES = frozenset({
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "ForeignKey",
    "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "SlugField",
    "SmallIntegerField", "TextField", "URLField",
})


def insert_rows(model, field_names: Sequence[str], rows: list[tuple]) -> None:
    """INSERT rows of plain values: ``bulk_create`` without a model instance per row.

    Same effect as ``bulk_create`` (no ``save()``, no signals: the caller bumps the cache
    version). Fields not named get their default, so a field added to the model later
    needs no change here.
    """
    if not rows:
        return
    meta = model._meta
    given = [meta.get_field(name) for name in field_names]
    rest = [f for f in meta.concrete_fields if f not in given and not f.primary_key]
    now = timezone.now()
    defaults = tuple(
        f.get_db_prep_save(
            now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else f.get_default(),
            connection,
        )
        for f in rest
    )
    # Values of dates, JSON and the like go through the field; plain ones as they are.
    special = [i for i, f in enumerate(given) if f.get_internal_type() not in _PLAIN_TYPES]

    def prepared(chunk: list[tuple]):
        for row in chunk:
            if special:
                row = list(row)
                for index in special:
                    row[index] = given[index].get_db_prep_save(row[index], connection)
            yield (*row, *defaults)

    fields = given + rest
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    head = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _insert_as_arrays(cursor, head, fields, rows, prepared)
        else:
            _insert_row_by_row(cursor, head, fields, rows, prepared)


def _insert_as_arrays(cursor, head: str, fields, rows: list[tuple], prepared) -> None:
    """PostgreSQL: one array a column (``UNNEST``): few parameters, one plan a statement."""
    # No length in the cast ("varchar[]", not "varchar(50)[]"): nothing is cut silently.
    arrays = ", ".join(f"%s::{f.db_type(connection).split('(')[0]}[]" for f in fields)
    sql = f"{head}SELECT * FROM UNNEST({arrays})"  # noqa: S608 - names from _meta
    for start in range(0, len(rows), _ROWS_PER_STATEMENT):
        chunk = list(prepared(rows[start : start + _ROWS_PER_STATEMENT]))
        cursor.execute(sql, [list(column) for column in zip(*chunk, strict=True)])


def _insert_row_by_row(cursor, head: str, fields, rows: list[tuple], prepared) -> None:
    """Elsewhere (SQLite, in-process): one prepared statement run for each row."""
    sql = f"{head}VALUES ({', '.join(['%s'] * len(fields))})"
    for start in range(0, len(rows), _ROWS_PER_STATEMENT):
        cursor.executemany(sql, list(prepared(rows[start : start + _ROWS_PER_STATEMENT])))


def raw_rows(queryset) -> list[tuple]:
    """Rows of a values_list() QuerySet straight from the cursor.

    The SQL is the ORM's (same filters, same tenancy); only Django's per-row conversion
    is skipped. Fine for plain columns (text, integers, booleans: 0/1 on SQLite).
    """
    try:
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:  # e.g. a filter on an empty list
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
