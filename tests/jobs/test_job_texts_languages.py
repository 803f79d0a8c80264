"""What the worker writes on a job (its result link, the stage it is at) is said on the job list
and the job page in the reader's language; the job keeps the English text unchanged, which the
CLI, the API and a job recorded before fall back to."""

from __future__ import annotations

from html import unescape

import pytest

from midora.jobs.models import Job
from midora.jobs.runner import JobProgress, create_job
from tests.ictrisk.test_excel import good_row, workbook
from tests.jobs.helpers import drain

pytestmark = pytest.mark.django_db


def _read(client, url: str, language: str) -> str:
    return unescape(client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode())


def test_a_finished_risk_import_links_the_register_in_the_readers_language(
    entity, compliance_user, client_for, settings, tmp_path
) -> None:
    settings.HOME = tmp_path
    client = client_for(compliance_user)
    source = workbook([good_row(entity, f"R-{n}") for n in range(1, 4)])
    source.name = "risks.xlsx"
    client.post("/ict-risk/risks/import/", {"file": source, "background": "1"})
    drain()
    job = Job.objects.get()
    assert job.result_label == "Imported 3 new and 0 updated risks: open the register"
    assert (job.stage, job.stage_sentence) == ("", None)
    status = f"/jobs/{job.pk}/status/"
    assert "3 neue und 0 aktualisierte Risiken importiert: das Risikoregister öffnen" in _read(
        client, status, "de"
    )
    assert (
        "3 nouveaux risques et 0 risques mis à jour importés : ouvrir le registre des risques"
        in _read(client, job.get_absolute_url(), "fr")
    )
    assert job.result_label in _read(client, "/jobs/", "en")


def test_the_stage_of_a_running_job_is_said_in_the_readers_language(
    entity, compliance_user, client_for
) -> None:
    from midora.ictrisk.excel import import_risks

    job = create_job("ictrisk.import", "Risk import risks.xlsx", compliance_user)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    source = workbook([good_row(entity, "R-1"), good_row(entity, "R-2")])
    assert import_risks(source, compliance_user, JobProgress(job.pk)).ok
    job.refresh_from_db()
    assert job.stage == "Saving risk 1"  # the last stage reported, in English
    client = client_for(compliance_user)
    status = f"/jobs/{job.pk}/status/"
    assert "<strong>Running</strong> · Saving risk 1" in _read(client, status, "en")
    de = _read(client, status, "de")
    assert "Risiko 1 wird gespeichert" in de and "Saving risk" not in de
    assert "Enregistrement du risque 1" in _read(client, job.get_absolute_url(), "fr")


def test_a_job_recorded_before_shows_its_english_texts(compliance_user, client_for) -> None:
    job = create_job("ictrisk.import", "Risk import old.xlsx", compliance_user)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, stage="Checking row 7")
    page = _read(client_for(compliance_user), job.get_absolute_url(), "de")
    assert "Checking row 7" in page
