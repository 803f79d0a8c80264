"""SQLite writers wait in a queue beside the database, released the moment a transaction ends."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from midora.core.backends.sqlite3.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the queue belongs to the SQLite backend"
)


@pytest.fixture(autouse=True)
def _own_connections(django_db_blocker):
    """These tests open connections of their own to files of their own."""
    with django_db_blocker.unblock():
        yield


def _wrapper(path: Path, alias: str) -> DatabaseWrapper:
    return DatabaseWrapper({**connection.settings_dict, "NAME": str(path)}, alias=alias)


def _queue_free(path: Path) -> bool:
    fd = os.open(f"{path}-writers", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def test_a_transaction_holds_the_queue_until_commit_or_rollback(tmp_path):
    db = tmp_path / "queue.sqlite3"
    writer = _wrapper(db, "queue-a")
    try:
        for end in (writer._commit, writer._rollback):
            writer.ensure_connection()
            writer._start_transaction_under_autocommit()
            assert not _queue_free(db)
            end()
            assert _queue_free(db)
    finally:
        writer.close()


def test_the_next_writer_starts_as_soon_as_the_first_commits(tmp_path):
    db = tmp_path / "queue.sqlite3"
    first = _wrapper(db, "queue-a")
    first.ensure_connection()
    first._start_transaction_under_autocommit()
    with first.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n integer)")
    started: list[float] = []

    def next_writer() -> None:
        second = _wrapper(db, "queue-b")
        second.ensure_connection()
        second._start_transaction_under_autocommit()  # waits in the queue
        started.append(time.monotonic())
        second._commit()
        second.close()

    thread = threading.Thread(target=next_writer)
    thread.start()
    time.sleep(0.45)  # SQLite alone would look again only at 0.43 s and 0.53 s
    assert started == []  # still queued behind the open transaction
    committed = time.monotonic()
    first._commit()
    thread.join(timeout=5)
    first.close()
    assert started and started[0] - committed < 0.05


def test_a_closed_connection_leaves_the_queue(tmp_path):
    db = tmp_path / "queue.sqlite3"
    writer = _wrapper(db, "queue-a")
    writer.ensure_connection()
    writer._start_transaction_under_autocommit()
    writer.close()
    assert _queue_free(db)


def test_an_in_memory_database_has_no_queue():
    memory = DatabaseWrapper({**connection.settings_dict, "NAME": ":memory:"}, alias="queue-m")
    memory.ensure_connection()
    memory._start_transaction_under_autocommit()
    assert memory._queue_fd is None
    memory._rollback()
    memory.close()
