"""The Register of Information's long work from its page as background jobs: a package built,
the register validated, an uploaded package checked and imported, each followed on the job's
page and its result downloaded by the person who asked for it only."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.jobs.helpers import drain

from midora.jobs.models import Job
from midora.suppliers.models import ContractualArrangement
from midora.suppliers.roi_work import validate_records

pytestmark = pytest.mark.django_db
REF = "2025-12-31"


@pytest.fixture
def people(demo, settings, tmp_path):
    settings.HOME = tmp_path
    users = get_user_model().objects
    return {"admin": users.get(username="admin"), "compliance": users.get(username="compliance")}


def _query(entity) -> str:
    return f"?entity={entity.pk}&date={REF}&level=CON"


def _done(job: Job) -> Job:
    drain()
    job.refresh_from_db()
    assert job.status == "done", job.error
    return job


def test_package_built_validated_and_downloaded_by_its_owner_only(demo, people, client_for) -> None:
    holding = demo["holding"]
    admin = client_for(people["admin"])
    page = admin.get(f"/third-parties/roi/{_query(holding)}").content.decode()
    assert 'id="roi-export-job"' in page and 'id="roi-validate-job"' in page

    response = admin.post(f"/third-parties/roi/jobs/export/{_query(holding)}", {"force": "1"})
    job = Job.objects.get(kind="roi.export")
    assert response["Location"] == job.get_absolute_url()
    assert 'hx-trigger="every 1s"' in admin.get(job.get_absolute_url()).content.decode()
    job = _done(job)
    assert job.result_url == f"/jobs/{job.pk}/download/" and job.result_label.startswith("Download")
    download = admin.get(job.result_url)
    assert download["Content-Disposition"].startswith("attachment")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert any(name.endswith("b_02.01.csv") for name in archive.namelist())
    # another person's job and its file are not theirs to see
    other = client_for(people["compliance"])
    assert other.get(job.get_absolute_url()).status_code == 404
    assert other.get(job.result_url).status_code == 404

    admin.post(f"/third-parties/roi/jobs/validate/{_query(holding)}")
    job = _done(Job.objects.get(kind="roi.validate"))
    findings = json.loads(b"".join(admin.get(job.result_url).streaming_content))
    _built, expected = validate_records(holding, dt.date(2025, 12, 31), "CON")
    assert len(findings) == len(expected)


def test_uploaded_package_checked_then_imported_all_or_nothing(demo, people, client_for) -> None:
    holding = demo["holding"]
    admin = client_for(people["admin"])
    admin.post(f"/third-parties/roi/jobs/export/{_query(holding)}", {"force": "1"})
    export = _done(Job.objects.get(kind="roi.export"))
    package = b"".join(admin.get(export.result_url).streaming_content)
    name = export.result_label.split()[1]

    admin.post("/third-parties/roi/jobs/check/", {"package": SimpleUploadedFile(name, package)})
    check = _done(Job.objects.get(kind="roi.check"))
    assert "Download the findings of" in check.result_label

    compliance = client_for(people["compliance"])
    refused = compliance.post(
        "/third-parties/roi/jobs/import/", {"package": SimpleUploadedFile(name, package)}
    )
    assert refused.status_code == 403 and not Job.objects.filter(kind="roi.import").exists()
    assert "Import in the background" not in compliance.get("/third-parties/roi/").content.decode()

    before = ContractualArrangement.objects.count()
    admin.post("/third-parties/roi/jobs/import/", {"package": SimpleUploadedFile(name, package)})
    imported = _done(Job.objects.get(kind="roi.import"))
    assert (
        imported.result_label.startswith(f"Open the register (imported {name}")
        and imported.result_url == "/third-parties/roi/"
    )
    assert ContractualArrangement.objects.count() == before  # matched by reference, replaced

    broken = SimpleUploadedFile("broken.zip", b"PK\x03\x04 not really a zip")
    admin.post("/third-parties/roi/jobs/import/", {"package": broken})
    failed = Job.objects.filter(kind="roi.import").order_by("-pk").first()
    drain()
    failed.refresh_from_db()
    assert failed.status == "failed" and failed.error.startswith("Nothing imported")
    assert ContractualArrangement.objects.count() == before

    wrong = admin.post(
        "/third-parties/roi/jobs/check/", {"package": SimpleUploadedFile("a.txt", b"x")}
    )
    assert wrong.status_code == 422 and "a.txt: expected .zip" in wrong.content.decode()
