"""A large risk workbook imported in the background: the job's page follows it and links the
register; a refused workbook lists each row's error on the job's page and saves nothing."""

from html import unescape

import pytest

from midora.ictrisk.models import Risk
from midora.jobs.models import Job
from tests.ictrisk.test_excel import good_row, workbook
from tests.jobs.helpers import drain

pytestmark = pytest.mark.django_db


def test_workbook_imported_by_a_worker(entity, compliance_user, client_for, settings, tmp_path):
    settings.HOME = tmp_path
    client = client_for(compliance_user)
    source = workbook([good_row(entity, f"R-{n}") for n in range(1, 4)])
    source.name = "risks.xlsx"
    response = client.post("/ict-risk/risks/import/", {"file": source, "background": "1"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert "Waiting for a worker" in client.get(job.get_absolute_url()).content.decode()
    assert Risk.objects.count() == 0

    assert drain() == 1
    job.refresh_from_db()
    assert (job.status, job.percent, job.result_url) == ("done", 100, "/ict-risk/risks/")
    assert "Imported 3 new and 0 updated risks" in job.result_label
    assert Risk.objects.filter(entity=entity).count() == 3
    assert not (tmp_path / "jobs" / str(job.pk) / "input").exists()  # the upload is not kept


def test_refused_workbook_lists_every_row_error(
    entity, compliance_user, client_for, settings, tmp_path
):
    settings.HOME = tmp_path
    client = client_for(compliance_user)
    source = workbook([good_row(entity, "R-1"), good_row(entity, "R-2", residual_impact="high")])
    source.name = "risks.xlsx"
    client.post("/ict-risk/risks/import/", {"file": source, "background": "1"})
    drain()
    job = Job.objects.get()
    assert job.status == "failed"
    assert job.error.startswith("Nothing imported: 1 error(s).")
    assert "row 3, residual_impact" in job.error
    assert Risk.objects.count() == 0
    status = client.get(f"/jobs/{job.pk}/status/").content.decode()
    assert "row 3, residual_impact" in status and "hx-trigger" not in status
    said = {
        "de": "Nichts importiert: 1 Fehler.<br>Zeile 3, Spalte residual_impact: muss eine Stufe 1 "
        "bis 5 der Risikomatrix sein, erhalten: high",
        "fr": "Rien n'a été importé : 1 erreur(s).<br>ligne 3, colonne residual_impact : doit "
        "être un niveau de 1 à 5 de la matrice des risques, reçu : high",
    }
    for language, text in said.items():
        page = client.get(job.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
        shown = unescape(page.content.decode())
        assert text in shown and "must be a level" not in shown


def test_import_reports_its_progress_every_hundred_rows(entity, compliance_user) -> None:
    from midora.ictrisk.excel import import_risks

    seen: list[tuple[int, int, str]] = []
    source = workbook([good_row(entity, f"R-{n}") for n in range(1, 251)])
    result = import_risks(source, compliance_user, lambda d, t, s="": seen.append((d, t, s)))
    assert result.ok and result.created == 250
    assert seen == [
        (0, 500, "Checking row 2"),
        (100, 500, "Checking row 102"),
        (200, 500, "Checking row 202"),
        (250, 500, "Saving risk 1"),
        (350, 500, "Saving risk 101"),
        (450, 500, "Saving risk 201"),
    ]


def test_command_line_import_prints_only_its_result_in_a_pipe(
    entity, compliance_user, tmp_path, capsys
) -> None:
    from midora.cli import main

    path = tmp_path / "risks.xlsx"
    path.write_bytes(workbook([good_row(entity, "R-1"), good_row(entity, "R-2")]).getvalue())
    assert main(["risk", "import", str(path), "--user", compliance_user.username]) == 0
    out, err = capsys.readouterr()
    assert out == f"{path}: imported 2 new and 0 updated risks.\n" and err == ""
