"""A Register of Information import refused for its rows: the job page says every error in the
reader's language, with the template, row, key and column code as written; the job keeps the
English text (the CLI and the job list of other languages' readers fall back to it). A finished
import links the register in the reader's language too."""

from __future__ import annotations

import datetime as dt
import io
import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.core.bombs import with_filler
from tests.jobs.helpers import drain
from tests.suppliers.roi.roi_sample import valid_register

from midora.jobs.models import Job
from midora.suppliers.models import ContractualArrangement
from midora.suppliers.roi.workbook import write_workbook
from midora.suppliers.roi_rows import build_register

pytestmark = pytest.mark.django_db

BRANCH_ROW = "B_01.03 row 1 [BR-ES-01|5299001CASPHOLDCO130] c0010"


@pytest.fixture
def refused(demo, settings, tmp_path, client_for):
    """A workbook with a branch (B_01.03, which midora does not record) and a second signing
    entity for one arrangement, imported from the register page as the administrator."""
    settings.HOME = tmp_path
    register = valid_register()
    second = register["B_01.02"][1]["c0010"]
    register["B_03.01"].append(dict(register["B_03.01"][0], c0020=second))
    book = io.BytesIO()
    write_workbook(register, book)
    admin = client_for(get_user_model().objects.get(username="admin"))
    before = ContractualArrangement.objects.count()
    upload = SimpleUploadedFile("register.xlsx", book.getvalue())
    admin.post("/third-parties/roi/jobs/import/", {"package": upload})
    drain()
    job = Job.objects.get(kind="roi.import")
    assert job.status == "failed" and ContractualArrangement.objects.count() == before
    return admin, job


def _page(client, job: Job, language: str) -> str:
    return unescape(
        client.get(job.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    )


def test_the_job_keeps_the_english_of_the_refusal(refused) -> None:
    _admin, job = refused
    assert job.error.startswith("Nothing imported: ")
    assert f"ERROR IMPORT {BRANCH_ROW}: branches are not recorded in midora" in job.error
    assert "c0020: midora records one signing entity per arrangement" in job.error
    assert job.error_sentence["template"].startswith("Nothing imported: %(count)s error(s).")


@pytest.mark.parametrize(
    ("language", "refusal", "branch", "signer"),
    [
        (
            "de",
            "Nichts importiert: ",
            "FEHLER IMPORT B_01.03 Zeile 1 [BR-ES-01|5299001CASPHOLDCO130] c0010: "
            "Zweigniederlassungen werden in midora nicht erfasst",
            "c0020: midora erfasst ein unterzeichnendes Unternehmen je vertraglicher Vereinbarung",
        ),
        (
            "fr",
            "Rien n'a été importé : ",
            "ERREUR IMPORT B_01.03 ligne 1 [BR-ES-01|5299001CASPHOLDCO130] c0010 : "
            "les succursales ne sont pas enregistrées dans midora",
            "c0020 : midora enregistre une seule entité signataire par accord contractuel",
        ),
    ],
)
def test_refused_import_names_row_and_column_in_the_readers_language(
    refused, language, refusal, branch, signer
) -> None:
    admin, job = refused
    page = _page(admin, job, language)
    assert refusal in page and branch in page and signer in page
    assert "branches are not recorded" not in page and "Nothing imported" not in page


def test_a_workbook_over_the_archive_limit_is_refused_in_the_readers_language(
    demo, settings, tmp_path, client_for
) -> None:
    settings.HOME = tmp_path
    settings.MIDORA_ARCHIVE_MEMBER_MAX_BYTES = 1024 * 1024
    book = io.BytesIO()
    write_workbook(valid_register(), book)
    bombed = with_filler(book.getvalue(), 2 * 1024 * 1024)
    admin = client_for(get_user_model().objects.get(username="admin"))
    admin.post(
        "/third-parties/roi/jobs/import/", {"package": SimpleUploadedFile("big.xlsx", bombed)}
    )
    drain()
    job = Job.objects.get(kind="roi.import")
    assert job.error == (
        "Nothing imported: refused: filler.bin expands beyond 1 MB (limit per file in an archive)"
    )
    assert (
        "Nichts importiert: abgelehnt: filler.bin wird entpackt größer als 1 MB "
        "(Grenze je Datei in einem Archiv)"
    ) in _page(admin, job, "de")
    assert (
        "Rien n'a été importé : refusé : filler.bin dépasse 1 MB une fois décompressé "
        "(limite par fichier d'une archive)"
    ) in _page(admin, job, "fr")


def test_a_finished_register_import_links_its_result_in_the_readers_language(
    demo, settings, tmp_path, client_for
) -> None:
    """The demo group's own register, written as the review workbook and imported again."""
    settings.HOME = tmp_path
    book = io.BytesIO()
    write_workbook(build_register(demo["holding"], dt.date(2025, 12, 31), "CON").register, book)
    admin = client_for(get_user_model().objects.get(username="admin"))
    upload = SimpleUploadedFile("register.xlsx", book.getvalue())
    admin.post("/third-parties/roi/jobs/import/", {"package": upload})
    drain()
    job = Job.objects.get(kind="roi.import")
    assert job.status == "done", job.error
    assert job.result_label.startswith("Open the register (imported register.xlsx: ")
    found = re.search(r"\b(\d+) ICT providers\b", job.result_label)
    assert found, job.result_label
    providers = int(found.group(1))
    assert providers > 1
    said = {
        "de": "Das Register öffnen (register.xlsx importiert: ",
        "fr": "Ouvrir le registre (register.xlsx importé : ",
    }
    counted = {"de": f"{providers} IKT-Anbieter", "fr": f"{providers} prestataires TIC"}
    for language, text in said.items():
        for url in (job.get_absolute_url(), "/jobs/"):
            page = unescape(admin.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode())
            assert text in page and "Open the register" not in page, (language, url)
            assert counted[language] in page and "ICT providers" not in page, (language, url)
    assert job.result_label in _page(admin, job, "en")
