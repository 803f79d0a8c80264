"""The Excel import of risks in the background: every row checked, then all saved or none; the
job's page shows its progress and, when refused, every row's error."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.urls import reverse
from django_tasks import task

from midora.jobs.files import discard_input
from midora.jobs.runner import JobRefused, running_job

SHOWN = 50


@task()
def import_risks(job_id: int, user_id: int, path: str) -> str:
    from midora.core.audit import acting_as, actor_for_user
    from midora.ictrisk import excel

    source = Path(path)
    user = get_user_model().objects.get(pk=user_id)
    with running_job(job_id) as (job, progress), acting_as(actor_for_user(user, "web")):
        progress(0, 0, f"Reading {source.name}")
        try:
            result = excel.import_risks(str(source), user=user, progress=progress)
        finally:
            discard_input(job_id)
        if not result.ok:
            lines = [f"row {e.row}, {e.column}: {e.reason}" for e in result.errors[:SHOWN]]
            if len(result.errors) > SHOWN:
                lines.append(f"... and {len(result.errors) - SHOWN} more")
            raise JobRefused(
                f"Nothing imported: {len(result.errors)} error(s).\n" + "\n".join(lines)
            )
        job.result_url = reverse("ictrisk:risk_list")
        job.result_label = (
            f"Imported {result.created} new and {result.updated} updated risks: open the register"
        )
    return job.result_url
