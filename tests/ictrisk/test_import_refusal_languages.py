"""A risk workbook refused for the archive limits: the import page gives the row, the column and
the reason, the limit's wording in the reader's language."""

from __future__ import annotations

import io
import zipfile
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from midora.ictrisk.models import Risk

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


def _bomb() -> bytes:
    """An xlsx workbook with a member that expands to 6 MB."""
    book = io.BytesIO()
    Workbook().save(book)
    out = io.BytesIO()
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/media/filler.bin", b"\0" * (6 * MB), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _refusal(settings, client, language: str) -> str:
    settings.MIDORA_ARCHIVE_MEMBER_MAX_BYTES = 4 * MB
    response = client.post(
        "/ict-risk/risks/import/",
        {"file": SimpleUploadedFile("risks.xlsx", _bomb())},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200 and Risk.objects.count() == 0
    page = unescape(response.content.decode())
    start = page.index('id="import-errors"')
    return page[start : page.index("</table>", start)]


def test_archive_limit_refusal_in_german(settings, compliance_user, client_for) -> None:
    errors = _refusal(settings, client_for(compliance_user), "de")
    assert "<td>1</td><td>-</td>" in errors  # row 1, no column
    assert (
        "abgelehnt: filler.bin wird entpackt größer als 4 MB (Grenze je Datei in einem Archiv)"
    ) in errors
    assert "expands beyond" not in errors


def test_archive_limit_refusal_in_french(settings, compliance_user, client_for) -> None:
    errors = _refusal(settings, client_for(compliance_user), "fr")
    assert "<td>1</td><td>-</td>" in errors
    assert (
        "refusé : filler.bin dépasse 4 MB une fois décompressé (limite par fichier d'une archive)"
    ) in errors
    assert "expands beyond" not in errors


def test_archive_limit_refusal_in_english_as_before(settings, compliance_user, client_for) -> None:
    errors = _refusal(settings, client_for(compliance_user), "en")
    assert "refused: filler.bin expands beyond 4 MB (limit per file in an archive)" in errors


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "de",
            "Nichts importiert: 1 Fehler.<br>Zeile 3, Spalte residual_impact: muss eine Stufe 1 "
            "bis 5 der Risikomatrix sein, erhalten: high",
        ),
        (
            "fr",
            "Rien n'a été importé : 1 erreur(s).<br>ligne 3, colonne residual_impact : doit être "
            "un niveau de 1 à 5 de la matrice des risques, reçu : high",
        ),
    ],
)
def test_workbook_refused_in_the_background_in_the_readers_language(
    entity, compliance_user, client_for, settings, tmp_path, language, said
) -> None:
    from midora.jobs.models import Job
    from tests.ictrisk.test_excel import good_row, workbook
    from tests.jobs.helpers import drain

    settings.HOME = tmp_path
    client = client_for(compliance_user)
    source = workbook([good_row(entity, "R-1"), good_row(entity, "R-2", residual_impact="high")])
    source.name = "risks.xlsx"
    client.post("/ict-risk/risks/import/", {"file": source, "background": "1"})
    drain()
    job = Job.objects.get()
    assert job.error.startswith("Nothing imported: 1 error(s).\nrow 3, residual_impact: must be")
    page = client.get(job.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
    text = unescape(page.content.decode())
    assert said in text and "must be a level" not in text
