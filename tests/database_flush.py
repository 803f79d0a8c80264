"""Emptying the test database after a test that commits: the rows of the tables that hold any.

Django empties the database after every test that commits (`TransactionTestCase`, pytest-django's
`transaction=True`, live-server and browser tests) with the `flush` command: on PostgreSQL one
`TRUNCATE` of all of midora's tables, which gives every table, index and TOAST table a new file
(about 0.4 s each time, for a test that wrote to a handful of tables). Here the flush first counts
the rows of each table (one query, each count stopping at a cap) and, when there are few, deletes
the rows of the tables that hold any; the database ends exactly as empty, foreign keys are checked
when the flush commits (Django declares them deferred), and identity sequences stay where they
are, as Django's own flush leaves them. Many rows (a demo loaded and committed) cost more to
delete, a check per deleted row referred to by a foreign key, than to truncate: Django's own
statements run then, and when the flush is to reset sequences or to cascade.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pytest
from django.db.backends.base.operations import BaseDatabaseOperations

# Above this many rows, truncating every table is cheaper than deleting (PostgreSQL, measured:
# TRUNCATE of all tables ~0.4 s; DELETE with its foreign-key checks ~60 µs a row).
MOST_ROWS_DELETED = 5_000


def row_counts(operations: BaseDatabaseOperations, tables: Sequence[str]) -> dict[str, int]:
    """The tables among `tables` that hold rows, with their count up to MOST_ROWS_DELETED + 1,
    in one query."""
    quote = operations.quote_name
    cap = MOST_ROWS_DELETED + 1
    probes = " UNION ALL ".join(
        f"SELECT {index}, (SELECT COUNT(*) FROM (SELECT 1 FROM {quote(table)} LIMIT {cap}) AS r)"
        for index, table in enumerate(tables)
    )
    with operations.connection.cursor() as cursor:
        cursor.execute(probes)
        return {tables[index]: count for index, count in cursor.fetchall() if count}


@contextmanager
def flush_filled_tables_only() -> Iterator[None]:
    """While active, the database backend's flush statements delete the rows of the filled
    tables when they hold few rows in all."""
    operations = type(_default_operations())
    django_statements = operations.sql_flush

    def sql_flush(
        self: BaseDatabaseOperations,
        style: Any,
        tables: Sequence[str],
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:
        if not (reset_sequences or allow_cascade or not tables):
            counts = row_counts(self, list(tables))
            if sum(counts.values()) <= MOST_ROWS_DELETED:
                return [f"DELETE FROM {self.quote_name(table)};" for table in counts]
        return django_statements(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(operations, "sql_flush", sql_flush)
        yield


def _default_operations() -> BaseDatabaseOperations:
    from django.db import connection

    return connection.ops
