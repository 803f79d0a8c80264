"""Writers at once, each thread on its own database connection (PostgreSQL tests)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


def run_writers(count: int, write: Callable[[int], None]) -> list[Exception]:
    """Run `write(worker)` in `count` threads at once; the exceptions they raised."""
    errors: list[Exception] = []

    def writer(worker: int) -> None:
        try:
            write(worker)
        except Exception as exc:  # pragma: no cover - returned to the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors
