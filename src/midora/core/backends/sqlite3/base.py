"""Django's SQLite backend with a queue for writers.

Every transaction starts with BEGIN IMMEDIATE (settings), which takes SQLite's single write lock.
A writer that finds it taken is left to SQLite's busy handler, which sleeps 1, 2, 5, 10 ... up to
100 ms between attempts: the lock is often free long before the waiter looks again, and under a
few concurrent writers those sleeps, not the work, make the slow requests. Here a writer first
takes an exclusive `flock` on a file beside the database; the kernel wakes the next waiter the
moment the holder commits or rolls back. SQLite's own lock and timeout still decide; the queue only
orders the writers of this backend (statements outside a transaction, and other programs, keep
SQLite's busy handler). An in-memory database has no queue.
"""

from __future__ import annotations

import fcntl
import os

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    _queue_fd: int | None = None
    _queue_pid = 0  # a forked worker opens its own file: a shared one would share the lock
    _in_queue = False

    def _queue_path(self) -> str | None:
        name = str(self.settings_dict["NAME"])
        if self.is_in_memory_db() or name.startswith("file:"):
            return None
        return f"{name}-writers"

    def _join_queue(self) -> None:
        if self._in_queue:
            return
        if self._queue_fd is None or self._queue_pid != os.getpid():
            path = self._queue_path()
            if path is None:
                return
            self._queue_fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            self._queue_pid = os.getpid()
        fcntl.flock(self._queue_fd, fcntl.LOCK_EX)
        self._in_queue = True

    def _leave_queue(self) -> None:
        if self._in_queue:
            self._in_queue = False
            fcntl.flock(self._queue_fd, fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self) -> None:
        self._join_queue()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._leave_queue()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            self._leave_queue()

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            self._leave_queue()

    def _close(self) -> None:
        try:
            super()._close()
        finally:
            self._leave_queue()
            if self._queue_fd is not None and self._queue_pid == os.getpid():
                os.close(self._queue_fd)
            self._queue_fd = None
