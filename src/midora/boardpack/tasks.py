"""The board pack generated in the background, its progress on the job page."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_noop
from django_tasks import task

from midora.core.engine.sentences import Sentence
from midora.jobs.runner import running_job


@task()
def generate_pack(
    job_id: int, user_id: int, period_from: str, period_to: str, entity_id: int | None
) -> str:
    from midora.boardpack.generate import generate_snapshot
    from midora.core.models import LegalEntity

    with running_job(job_id) as (job, progress):
        user = get_user_model().objects.get(pk=user_id)
        entity = LegalEntity.objects.get(pk=entity_id) if entity_id else None
        snapshot, _pdf = generate_snapshot(
            user,
            dt.date.fromisoformat(period_from),
            dt.date.fromisoformat(period_to),
            entity,
            progress,
        )
        job.result_url = snapshot.get_absolute_url()
        job.result_label = Sentence(
            gettext_noop("Open the pack (SHA-256 %(digest)s…)"), digest=snapshot.sha256[:12]
        )
    return job.result_url
