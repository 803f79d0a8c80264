"""Uploading evidence through the web pages: streamed into the store, limited, names sanitised."""

from __future__ import annotations

import hashlib
import tracemalloc
from pathlib import Path

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory

from midora.compliance.evidence_store import blob_path
from midora.compliance.models import Control, Evidence
from midora.compliance.views.evidence import evidence_add

pytestmark = pytest.mark.django_db
BOUNDARY = "midoraTestBoundary7MA4YWxkTrZu0gW"


def _write_multipart(target: Path, fields: dict[str, str], source: Path, filename: str) -> str:
    """A multipart/form-data body written to disk chunk by chunk; returns the file's SHA-256."""
    digest = hashlib.sha256()
    with open(target, "wb") as out:
        for name, value in fields.items():
            out.write(
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        out.write(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"'
            "\r\nContent-Type: application/octet-stream\r\n\r\n".encode()
        )
        with open(source, "rb") as stream:
            while chunk := stream.read(1024 * 1024):
                digest.update(chunk)
                out.write(chunk)
        out.write(f"\r\n--{BOUNDARY}--\r\n".encode())
    return digest.hexdigest()


def _fields(entity, **extra) -> dict[str, str]:
    return {
        "entity": str(entity.pk),
        "title": "SIEM export Q1",
        "kind": "file",
        "category": "record",
        "effective_from": "2026-01-01",
        "review_interval_days": "90",
        **extra,
    }


def test_upload_above_50_mb_streams_into_the_store(tmp_path, entity, compliance_user):
    source = tmp_path / "siem.log"
    with open(source, "wb") as out:
        for index in range(60):
            out.write(index.to_bytes(4, "big") * (256 * 1024))
    body = tmp_path / "body.bin"
    expected = _write_multipart(body, _fields(entity), source, "siem.log")
    environ = RequestFactory()._base_environ(
        PATH_INFO="/compliance/evidence/add/",
        REQUEST_METHOD="POST",
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(body.stat().st_size),
    )
    with open(body, "rb") as stream:
        environ["wsgi.input"] = stream
        request = WSGIRequest(environ)
        request.user = compliance_user
        request._dont_enforce_csrf_checks = True
        request._messages = CookieStorage(request)
        tracemalloc.start()
        try:
            response = evidence_add(request)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert response.status_code == 302, response.content[:2000]
    version = Evidence.objects.get(title="SIEM export Q1").versions.get()
    assert version.sha256 == expected and version.size == 60 * 1024 * 1024
    assert blob_path(expected).stat().st_size == version.size
    assert peak < 16 * 1024 * 1024, f"peak {peak} bytes: the upload was held in memory"
    assert not any((Path(blob_path(expected)).parents[2] / "tmp").iterdir())


def test_oversize_upload_is_refused_with_a_clear_message(
    settings, entity, compliance_user, client_for
):
    settings.MIDORA_EVIDENCE_MAX_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("big.bin", b"x" * (1024 * 1024 + 1))
    response = client_for(compliance_user).post(
        "/compliance/evidence/add/", {**_fields(entity), "file": upload}
    )
    assert response.status_code == 422
    assert "larger than the evidence size limit of 1.0 MB" in response.content.decode()
    assert not Evidence.objects.exists()
    stored = [p for p in Path(settings.MIDORA_EVIDENCE_DIR).rglob("*") if p.is_file()]
    assert stored == []


def test_path_traversal_in_the_file_name_is_impossible(
    settings, entity, compliance_user, client_for
):
    control = Control.objects.create(code="CTL-X-01", title="Test control")
    control.entities.add(entity)
    upload = SimpleUploadedFile("../../../../etc/cron.d/evil", b"* * * * * root id")
    response = client_for(compliance_user).post(
        "/compliance/evidence/add/",
        {**_fields(entity, controls=str(control.pk)), "file": upload},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    version = evidence.versions.get()
    assert version.original_name == "evil"
    assert list(evidence.controls.all()) == [control]
    root = Path(settings.MIDORA_EVIDENCE_DIR).resolve()
    for path in root.rglob("*"):
        assert path.resolve().is_relative_to(root)
    assert blob_path(version.sha256).read_bytes() == b"* * * * * root id"


def test_same_content_twice_is_stored_once_as_two_versions(
    settings, entity, compliance_user, client_for
):
    client = client_for(compliance_user)
    client.post(
        "/compliance/evidence/add/",
        {**_fields(entity), "file": SimpleUploadedFile("policy.pdf", b"%PDF-1.4 policy")},
    )
    evidence = Evidence.objects.get()
    response = client.post(
        f"/compliance/evidence/{evidence.pk}/upload/",
        {"file": SimpleUploadedFile("policy-v2.pdf", b"%PDF-1.4 policy")},
        follow=True,
    )
    assert "kept once" in response.content.decode()
    numbers = list(evidence.versions.order_by("number").values_list("number", "original_name"))
    assert numbers == [(1, "policy.pdf"), (2, "policy-v2.pdf")]
    blobs = [p for p in Path(settings.MIDORA_EVIDENCE_DIR).rglob("*") if p.is_file()]
    assert len(blobs) == 1


def test_reference_needs_a_location(entity, compliance_user, client_for):
    response = client_for(compliance_user).post(
        "/compliance/evidence/add/", _fields(entity, kind="reference")
    )
    assert response.status_code == 422
    assert "A reference needs a location" in response.content.decode()
