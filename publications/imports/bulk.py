"""The one raw-SQL bypass of the ORM, kept where the benchmark shows it pays.

``insert_rows`` writes an import's papers, authors and links from tuples of plain values,
as ``bulk_create`` would (no ``save()``, no signals) but without a model instance per row;
``raw_rows`` reads a ``values_list()`` QuerySet's rows from the cursor, without Django's
per-row conversion (the publication list and BibTeX pages). Nothing else goes around the
ORM. Measured with ``python -m tests.imports.bench_bulk`` (best of 5, raw / ORM time,
2-core machine shared with other jobs, 2026-12-02; CPU of this process, wall in brackets):

    papers (authors)      SQLite writes   SQLite reads   PostgreSQL writes  PostgreSQL reads
    100 (702)             0.19 (0.19)     1.00 (1.00)    0.32 (0.48)        1.11 (1.07)
    1,500 (10,364)        0.14 (0.14)     0.89 (0.89)    0.27 (0.46)        0.80 (0.80)
    5,000 (34,817)        0.16 (0.16)     0.78 (0.78)

Writes pay five-fold on SQLite and two-fold on PostgreSQL at every size: kept. The reads
pay only on long lists (a 5,000-paper page reads 22% faster, 35 ms of its ~200 ms cold
time) and not at 100 papers; kept for the long lists ``make bench`` measures. Statements:
many rows each on SQLite (100 rows a statement beat ``executemany`` 1.7-fold), one array
a column on PostgreSQL (``UNNEST``, as Django 5.2's ``bulk_create`` does; ``executemany``
was slower than ``bulk_create`` there in wall time, a round trip per row).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.utils import timezone

_ROWS_PER_STATEMENT = 100  # VALUES rows a statement (SQLite allows 999 parameters)
_ROWS_PER_ARRAY_STATEMENT = 2000  # rows an UNNEST statement on PostgreSQL
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
            _insert_as_values(cursor, head, fields, rows, prepared)


def _insert_as_arrays(cursor, head: str, fields, rows: list[tuple], prepared) -> None:
    """PostgreSQL: one array a column (``UNNEST``): few parameters, one plan a statement."""
    # No length in the cast ("varchar[]", not "varchar(50)[]"): nothing is cut silently.
    arrays = ", ".join(f"%s::{f.db_type(connection).split('(')[0]}[]" for f in fields)
    sql = f"{head}SELECT * FROM UNNEST({arrays})"  # noqa: S608 - names from _meta
    for start in range(0, len(rows), _ROWS_PER_ARRAY_STATEMENT):
        chunk = list(prepared(rows[start : start + _ROWS_PER_ARRAY_STATEMENT]))
        cursor.execute(sql, [list(column) for column in zip(*chunk, strict=True)])


def _insert_as_values(cursor, head: str, fields, rows: list[tuple], prepared) -> None:
    """Elsewhere (SQLite): many rows a statement, within the backend's parameter limit."""
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, min(_ROWS_PER_STATEMENT, connection.ops.bulk_batch_size(fields, rows)))
    for start in range(0, len(rows), size):
        chunk = rows[start : start + size]
        params = [value for row in prepared(chunk) for value in row]
        cursor.execute(f"{head}VALUES {', '.join([one_row] * len(chunk))}", params)


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
