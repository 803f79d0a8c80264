"""The migrations build exactly the schema the models describe.

Test databases are built from the models (tests/conftest.py), so this is where the migrations
themselves are checked: `midora init` (every migration, on an empty SQLite database) and a
database built straight from the models must hold the same tables, columns, indexes and
constraints, and the data the migrations ship.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SRC = Path(__file__).resolve().parents[2] / "src"

FROM_THE_MODELS = """
import django
from django.conf import settings
from django.core.management import call_command

django.setup()
from django.apps import apps

settings.MIGRATION_MODULES = {config.label: None for config in apps.get_app_configs()}
call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)
"""


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "MIDORA_HOME": str(home), "PYTHONPATH": str(SRC)}
    env.pop("MIDORA_DATABASE_URL", None)  # both databases are SQLite files in their homes
    return env


def _schema(path: Path) -> dict[str, object]:
    """Each table's columns, indexes and SQL constraints, independent of column order."""
    with sqlite3.connect(path) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'django_migrations'"
            )
        ]
        schema: dict[str, object] = {}
        for table in tables:
            columns = {
                row[1]: (row[2].upper(), row[3], row[4], row[5])
                for row in db.execute(f'PRAGMA table_info("{table}")')
            }
            indexes = {}
            for _seq, name, unique, origin, _partial in db.execute(f'PRAGMA index_list("{table}")'):
                info = db.execute(f'PRAGMA index_info("{name}")').fetchall()
                columns_of_index = tuple(row[2] for row in sorted(info))
                key = name if origin == "c" else (origin, columns_of_index)
                indexes[key] = (unique, columns_of_index)
            foreign_keys = sorted(
                tuple(row[2:5]) for row in db.execute(f'PRAGMA foreign_key_list("{table}")')
            )
            schema[table] = {"columns": columns, "indexes": indexes, "foreign_keys": foreign_keys}
        return schema


def test_migrations_build_the_schema_of_the_models(tmp_path: Path) -> None:
    migrated, modelled = tmp_path / "migrated", tmp_path / "modelled"
    subprocess.run(
        [sys.executable, "-m", "midora.cli", "init"],
        env=_env(migrated),
        check=True,
        capture_output=True,
        timeout=600,
    )
    modelled.mkdir()
    subprocess.run(
        [sys.executable, "-c", FROM_THE_MODELS],
        env={**_env(modelled), "DJANGO_SETTINGS_MODULE": "midora.settings"},
        check=True,
        capture_output=True,
        timeout=600,
    )
    by_migrations = _schema(migrated / "midora.sqlite3")
    by_models = _schema(modelled / "midora.sqlite3")
    assert sorted(by_migrations) == sorted(by_models)
    differing = {
        table: (by_migrations[table], by_models[table])
        for table in by_models
        if by_migrations[table] != by_models[table]
    }
    assert not differing, differing

    # the data the migrations ship: the competent-authority profiles, with their audit events
    with sqlite3.connect(migrated / "midora.sqlite3") as db:
        profiles = db.execute("SELECT COUNT(*) FROM core_authorityprofile").fetchone()[0]
        events = db.execute(
            "SELECT COUNT(*) FROM core_auditevent WHERE record_type = 'core.authorityprofile'"
        ).fetchone()[0]
    assert profiles > 0
    assert events == profiles
