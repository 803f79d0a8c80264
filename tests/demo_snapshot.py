"""The demo group for test fixtures: loaded for real once per test worker, then restored from
the rows it left.

Loading the demo runs every app's business logic (classification, the audit chain, evidence
files, assessments): several seconds each time, and a dozen modules need it. The first load
for a given scale, seed, day and password reads back every table and keeps its rows (and the
evidence files the load stored) for the worker; later loads replace every table's contents with
them in one pass of inserts (COPY on PostgreSQL). The database then holds exactly what the first load
left, primary keys included, so the summary the load returned still names the right records.

A restore must run inside a transaction (a module fixture's, rolled back when it ends) or in a
test that commits (the database is emptied after it); foreign keys are checked at commit, as
Django declares them deferred on both databases.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

TODAY = "MIDORA_DEMO_TODAY"


@dataclass(frozen=True)
class DemoKey:
    scale: int
    seed: int
    today: str | None
    password: str


@dataclass(frozen=True)
class TableRows:
    table: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class DemoSnapshot:
    summary: Any
    tables: tuple[TableRows, ...]
    files: dict[str, bytes]


_SNAPSHOTS: dict[DemoKey, DemoSnapshot] = {}


def load_demo_once(*, scale: int = 1, seed: int, password: str, today: str | None = None) -> Any:
    """The demo's summary, with the demo in the database: loaded the first time in this worker,
    restored from that load's rows afterwards."""
    from django.db import connection

    key = DemoKey(scale, seed, today, password)
    snapshot = _SNAPSHOTS.get(key)
    if snapshot is None:
        _SNAPSHOTS[key] = snapshot = _load_and_keep(key)
    else:
        _restore(snapshot)
    # The foreign keys of the rows just written are checked now, once: PostgreSQL would otherwise
    # keep the checks pending in the fixture's transaction and run them again at the end of every
    # test (Django checks deferred constraints before rolling a test back, and a rolled-back
    # savepoint leaves the checks it ran pending again).
    if connection.in_atomic_block:
        connection.check_constraints()
    return copy.deepcopy(snapshot.summary)


def _load_and_keep(key: DemoKey) -> DemoSnapshot:
    from midora.core.demo_loader import load_demo

    before_files = _file_names()
    with pytest.MonkeyPatch.context() as patch:
        if key.today:
            patch.setenv(TODAY, key.today)
        else:
            patch.delenv(TODAY, raising=False)
        summary = load_demo(scale=key.scale, seed=key.seed, password=key.password)
    tables = tuple(TableRows(table, *_rows(table)) for table in _tables())
    evidence = _evidence_dir()
    files = {name: (evidence / name).read_bytes() for name in _file_names() - before_files}
    return DemoSnapshot(copy.deepcopy(summary), tables, files)


def _restore(snapshot: DemoSnapshot) -> None:
    """Every table gets back the rows it held after the first load: the demo's records and what
    the database held before it (content types, permissions, the authority profiles), which a
    committing test's clean-up may have emptied or numbered anew since."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for held in snapshot.tables:
            cursor.execute(f"DELETE FROM {quote(held.table)}")
            if held.rows:
                _write_rows(connection, cursor, held)
        if connection.vendor == "postgresql":
            _advance_sequences(cursor, [held.table for held in snapshot.tables if held.rows])
    ContentType.objects.clear_cache()
    evidence = _evidence_dir()
    for name, content in snapshot.files.items():
        path = evidence / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


def _write_rows(connection: Any, cursor: Any, held: TableRows) -> None:
    """The rows put back: by COPY on PostgreSQL (a few times faster than inserts), by inserts
    on SQLite."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in held.columns)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {quote(held.table)} ({names}) FROM STDIN") as copy:
            for row in held.rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(held.columns))
    cursor.executemany(f"INSERT INTO {quote(held.table)} ({names}) VALUES ({marks})", held.rows)


def _advance_sequences(cursor: Any, tables: list[str]) -> None:
    """PostgreSQL's identity sequences never move back: each is moved past the highest key
    restored (the first load already took those values, so this only matters after a reset)."""
    from django.apps import apps
    from django.db import models

    restored = set(tables)
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        pk = model._meta.pk
        if table not in restored or not isinstance(pk, models.AutoField | models.BigAutoField):
            continue
        cursor.execute(
            "SELECT setval(seq, top) FROM (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq,"
            f' (SELECT MAX("{pk.column}") FROM "{table}") AS top) AS found'
            " WHERE top > COALESCE(pg_sequence_last_value(seq), 0)",
            [f'"{table}"', pk.column],
        )


def _tables() -> list[str]:
    from django.db import connection

    return sorted(connection.introspection.django_table_names(only_existing=True))


def _rows(table: str) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
        columns = tuple(column[0] for column in cursor.description)
        return columns, tuple(tuple(_stored(value) for value in row) for row in cursor.fetchall())


def _stored(value: Any) -> Any:
    """A value as it can be written back: memoryviews (binary columns) become bytes."""
    return value.tobytes() if isinstance(value, memoryview) else value


def _evidence_dir() -> Path:
    from django.conf import settings

    return Path(settings.MIDORA_EVIDENCE_DIR)


def _file_names() -> set[str]:
    root = _evidence_dir()
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}
