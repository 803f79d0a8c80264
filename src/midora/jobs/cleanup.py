"""A periodic check: the files of background jobs finished more than MIDORA_JOB_FILES_DAYS ago
are removed (the job rows stay, their download link then answers 404)."""

from __future__ import annotations

import datetime as dt
import shutil

from django.conf import settings

from midora.jobs.files import job_folder
from midora.jobs.periodic import register


@register("jobs.files", every=dt.timedelta(hours=6))
def remove_old_job_files(now: dt.datetime) -> int:
    from midora.jobs.models import Job

    before = now - dt.timedelta(days=settings.MIDORA_JOB_FILES_DAYS)
    removed = 0
    for job_id in Job.objects.filter(finished_at__lt=before).values_list("pk", flat=True):
        folder = job_folder(job_id)
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
