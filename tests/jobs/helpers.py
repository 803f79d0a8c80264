"""Run the queued tasks inside a test's transaction (the worker's own loop closes connections,
which a test transaction cannot survive): same claim and run as `midora worker`."""

from __future__ import annotations

from django_tasks_db.models import DBTaskResult

from midora.jobs.periodic import run_due_checks
from midora.jobs.worker import _queue_worker


def drain(checks: bool = False) -> int:
    if checks:
        run_due_checks(force=True)
    worker = _queue_worker("tests")
    ran = 0
    while (row := DBTaskResult.objects.ready().first()) is not None:
        row.claim(worker.worker_id)
        worker.run_task(row)
        ran += 1
    return ran
