"""Start a long job as a task and let the task report its progress and result on the job row."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import F
from django.utils import timezone

from midora.core.engine.sentences import Sentence, reason
from midora.jobs.models import Job
from midora.jobs.progress import Progress

logger = logging.getLogger("midora.jobs")


def _fit(text: str, size: int) -> str:
    """A text within a column's length (PostgreSQL refuses a longer one; SQLite would keep it)."""
    return text if len(text) <= size else text[: size - 1] + "…"


class JobRefused(Exception):
    """The job ends without a result for a reason the person can act on (its message says which
    file, row or field and why); recorded on the job, not logged as a fault. Raised with a
    `Sentence`, the job page says the reason in the reader's language."""


def create_job(kind: str, label: str, user: Any) -> Job:
    """Record a job before it is queued (e.g. to store its uploaded file under its id)."""
    return Job.objects.create(
        kind=kind, label=label[:200], requested_by=user if getattr(user, "pk", None) else None
    )


def start_job(kind: str, label: str, user: Any, task: Any, **kwargs: Any) -> Job:
    """Record the job, then enqueue `task(job_id=..., **kwargs)` for a worker."""
    return enqueue_job(create_job(kind, label, user), task, **kwargs)


def enqueue_job(job: Job, task: Any, **kwargs: Any) -> Job:
    """Queue `task(job_id=job.pk, **kwargs)` for a worker."""
    result = task.enqueue(job_id=job.pk, **kwargs)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.task_id = str(result.id)
    return job


class JobProgress:
    """Writes progress to the job row, at most once per step so polling stays cheap."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id

    def __call__(self, done: int, total: int, stage: str = "") -> None:
        Job.objects.filter(pk=self.job_id).update(
            done=done, total=total, stage=_fit(stage, 200), stage_sentence=_kept(stage)
        )


def _kept(text: str) -> dict[str, Any] | None:
    """A sentence's template and values to keep beside its English text; None for plain text."""
    return text.as_json() if isinstance(text, Sentence) else None


@contextmanager
def running_job(job_id: int) -> Iterator[tuple[Job, Progress]]:
    """Mark the job running; on exit mark it done, or failed with the error's message."""
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, started_at=timezone.now())
    job = Job.objects.get(pk=job_id)
    try:
        yield job, JobProgress(job_id)
    except JobRefused as exc:
        why = reason(exc)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED,
            error=str(why),
            error_sentence=_kept(why),
            finished_at=timezone.now(),
        )
        return
    except Exception as exc:
        logger.exception("job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED,
            error=str(exc) or type(exc).__name__,
            finished_at=timezone.now(),
        )
        return
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.DONE,
        done=F("total"),
        result_url=job.result_url[:500],
        result_label=_fit(job.result_label, 200),
        result_label_sentence=_kept(job.result_label),
        stage="",
        stage_sentence=None,
        finished_at=timezone.now(),
    )
