"""The one raw-SQL bypass of the ORM: inserting an import's rows without model instances.

``insert_rows`` does what ``bulk_create`` does (no ``save()``, no signals) from tuples of
plain values; the import writes ten author rows per paper, and building a model instance
per row cost more than parsing the file.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.utils import timezone

_ROWS_PER_STATEMENT = 2000
_PLAIN_TYPES = frozenset({
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "ForeignKey",
    "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "SlugField",
    "SmallIntegerField", "TextField", "URLField",
})


def insert_rows(model, field_names: Sequence[str], rows: list[tuple]) -> None:
    """INSERT rows of plain values with ``executemany``: ``bulk_create`` without models.

    An import writes ten author rows per paper; building a model instance per row cost
    more than parsing the file. Same effect as ``bulk_create`` (no ``save()``, no signals:
    the caller bumps the cache version). Fields not named get their default, so a field
    added to the model later needs no change here.
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
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in given + rest)
    placeholders = ", ".join(["%s"] * (len(given) + len(rest)))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - from _meta
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _ROWS_PER_STATEMENT):
            chunk = rows[start : start + _ROWS_PER_STATEMENT]
            prepared = []
            for row in chunk:
                if special:
                    row = list(row)
                    for index in special:
                        row[index] = given[index].get_db_prep_save(row[index], connection)
                prepared.append((*row, *defaults))
            cursor.executemany(sql, prepared)
