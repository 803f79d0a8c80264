"""A job's files: the result downloaded by the person who asked for it, removed once the job
finished more than MIDORA_JOB_FILES_DAYS ago."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from midora.core.choices import Role
from midora.jobs.cleanup import remove_old_job_files
from midora.jobs.files import result_folder
from midora.jobs.models import Job
from tests.factories import make_entity, make_user

pytestmark = pytest.mark.django_db


def test_old_job_files_are_removed_recent_ones_kept(settings, tmp_path, client_for) -> None:
    settings.HOME = tmp_path
    settings.MIDORA_JOB_FILES_DAYS = 30
    owner = make_user("officer", Role.COMPLIANCE_MANAGER, [make_entity("Alpha CASP SAS")])
    now = timezone.now()
    jobs = {}
    for name, age in (("old", 40), ("recent", 2)):
        job = Job.objects.create(
            kind="roi.validate",
            label=name,
            requested_by=owner,
            status=Job.Status.DONE,
            finished_at=now - dt.timedelta(days=age),
        )
        (result_folder(job.pk) / f"{name}.json").write_text("[]")
        job.result_url = f"/jobs/{job.pk}/download/"
        job.save()
        jobs[name] = job

    client = client_for(owner)
    assert client.get(jobs["old"].result_url).status_code == 200
    assert remove_old_job_files(now) == 1
    assert not (tmp_path / "jobs" / str(jobs["old"].pk)).exists()
    assert (tmp_path / "jobs" / str(jobs["recent"].pk) / "result" / "recent.json").exists()
    assert client.get(jobs["old"].result_url).status_code == 404
    assert client.get(jobs["recent"].result_url).status_code == 200
    assert Job.objects.count() == 2  # the rows stay
