"""Planner statistics for tests that write many rows in bulk."""


def analyze_on_postgres():
    """Give PostgreSQL's planner statistics for rows a test wrote in bulk.

    A deployment's tables have them (autovacuum); rows written inside a test's transaction
    have none, and without them PostgreSQL once planned a 2,000-paper member filter as
    nested loops that ran for minutes. SQLite plans these queries from its indexes alone.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
