"""`midora worker`: run the periodic checks that are due and the queued tasks, in a loop or once.

Tasks are rows of django-tasks-db's table; the queue itself is drained by its `Worker` (row
locks with SKIP LOCKED on PostgreSQL, exclusive transactions on SQLite), so any number of
workers can run against one database.
"""

from __future__ import annotations

import logging
import time

from django.utils.crypto import get_random_string

from midora.jobs.periodic import run_due_checks

logger = logging.getLogger("midora.jobs")


def _queue_worker(worker_id: str | None = None):
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id or get_random_string(32),
        excluded_queue_names=[],
    )


def run_once() -> list[str]:
    """Run every periodic check now, then every queued task that is due; return the checks run."""
    ran = run_due_checks(force=True)
    _queue_worker().run()
    return ran


def run_forever(interval: float = 2.0, worker_id: str | None = None) -> None:
    """Loop until SIGINT/SIGTERM: due checks, then drain the queue, then sleep `interval`."""
    worker = _queue_worker(worker_id)
    worker.configure_signals()
    logger.info("midora worker %s started", worker.worker_id)
    while worker.running:
        run_due_checks()
        worker.run()
        if worker.running:
            time.sleep(interval)
