"""Long commands show a rich progress bar on a terminal, and nothing of it in a pipe (so scripts,
cron and tests read clean output)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from midora.core.progress import cli_progress

SRC = Path(__file__).resolve().parents[2] / "src"


def test_no_bar_when_standard_error_is_not_a_terminal(capsys) -> None:
    with cli_progress("Anything") as progress:
        assert progress is None
    assert capsys.readouterr() == ("", "")


@pytest.fixture
def home_on_the_test_database(tmp_path: Path, db: None) -> dict[str, str]:
    """The environment of a `midora` process on an initialised home without running `midora init`
    (tests/core/test_migrations.py runs it): the home reads this run's test database, which
    holds what init leaves (the schema, every migration recorded as applied). On SQLite the home
    gets a copy of it, on PostgreSQL the process connects to it."""
    from django.db import connection

    env = {**os.environ, "MIDORA_HOME": str(tmp_path), "PYTHONPATH": str(SRC)}
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        env.pop("MIDORA_DATABASE_URL", None)
        with closing(sqlite3.connect(tmp_path / "midora.sqlite3")) as copy:
            copy.executescript("\n".join(connection.connection.iterdump()))
    else:
        url = urlsplit(env["MIDORA_DATABASE_URL"])
        test_database = "/" + connection.settings_dict["NAME"]
        env["MIDORA_DATABASE_URL"] = urlunsplit(url._replace(path=test_database))
    return env


def _on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[str, str]:
    """Run with standard error on a pseudo-terminal; return (stdout, what the terminal showed)."""
    master, slave = os.openpty()
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    out = process.stdout.read().decode()
    process.wait(timeout=120)
    os.close(master)
    return out, shown.decode(errors="replace")


@pytest.mark.slow
def test_audit_verify_shows_a_bar_on_a_terminal_only(home_on_the_test_database) -> None:
    env = home_on_the_test_database
    midora = [sys.executable, "-m", "midora.cli"]
    piped = subprocess.run(
        [*midora, "audit", "verify"], env=env, capture_output=True, text=True, timeout=120
    )
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith("Audit trail intact")
    assert piped.stderr == ""  # no progress noise in a pipe

    out, shown = _on_a_terminal([*midora, "audit", "verify"], env)
    assert out.startswith("Audit trail intact")  # the result itself stays on standard output
    assert "Audit trail" in shown and "Chain checked and records replayed" in shown
