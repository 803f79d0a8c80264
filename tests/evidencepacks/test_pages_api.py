"""The web pages and the API: build, register, download, key, check; scoped to the user."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from midora.core.choices import Role
from midora.evidencepacks.engine.verify import verify_pack
from midora.evidencepacks.keys import public_key
from midora.evidencepacks.models import IssuedPack
from tests.evidencepacks.helpers import flip_last_byte, rewrite
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _save(response, path: Path) -> Path:
    path.write_bytes(b"".join(response.streaming_content))
    return path


def test_build_from_the_web_download_and_register(world, compliance_user, client_for, tmp_path):
    client = client_for(compliance_user)
    assert client.get("/packs/build/").status_code == 200
    response = client.post(
        "/packs/build/",
        {"regime": "DORA", "entity": world.entity.lei, "recipient": "ACPR", "purpose": "review"},
    )
    pack = IssuedPack.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/packs/{pack.pk}/"
    detail = client.get(f"/packs/{pack.pk}/").content.decode()
    assert pack.merkle_root in detail and "ACPR" in detail
    listing = client.get("/packs/").content.decode()
    assert pack.merkle_root[:16] in listing and public_key().fingerprint in listing
    download = client.get(f"/packs/{pack.pk}/download/")
    assert download["Content-Type"] == "application/zip"
    report = verify_pack(_save(download, tmp_path / "web.zip"))
    assert report.ok and report.root == pack.merkle_root
    assert client.get("/packs/key.pem").content.decode() == public_key().pem


def test_form_errors_name_the_field_and_build_nothing(world, compliance_user, client_for):
    client = client_for(compliance_user)
    response = client.post("/packs/build/", {"recipient": "ACPR"})
    assert "choose what the pack covers" in response.content.decode()
    response = client.post("/packs/build/", {"requirements": "DORA-404", "recipient": "ACPR"})
    assert "unknown identifier(s) DORA-404" in response.content.decode()
    assert not IssuedPack.objects.exists()


def test_auditor_cannot_choose_another_entity(world, auditor, client_for, api_for):
    response = client_for(auditor).post(
        "/packs/build/", {"regime": "DORA", "entity": world.other.lei, "recipient": "x"}
    )
    assert response.status_code == 200 and not IssuedPack.objects.exists()
    assert "Select a valid choice" in response.content.decode()
    api = api_for(auditor)
    answer = api.post(
        "/api/evidencepacks/packs",
        {"regime": "DORA", "entity": world.other.lei, "recipient": "x"},
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert f"no legal entity {world.other.lei} in your scope" in answer.json()["detail"][0]["msg"]


def test_other_entities_packs_answer_404(world, compliance_user, api_for, client_for):
    api = api_for(compliance_user)
    created = api.post(
        "/api/evidencepacks/packs",
        {"regime": "DORA", "recipient": "ECB", "entity": world.entity.lei},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    beta = make_user("beta", Role.COMPLIANCE_MANAGER, [world.other])
    assert client_for(beta).get(f"/packs/{pk}/").status_code == 404
    assert api_for(beta).get(f"/api/evidencepacks/packs/{pk}").status_code == 404
    assert api_for(beta).get("/api/evidencepacks/packs").json() == []


def test_contributor_reads_the_register_but_cannot_build(world, entity, client_for, api_for):
    contributor = make_user("engineer", Role.CONTRIBUTOR, [entity])
    assert client_for(contributor).get("/packs/").status_code == 200
    assert client_for(contributor).get("/packs/build/").status_code == 403
    answer = api_for(contributor).post(
        "/api/evidencepacks/packs",
        {"regime": "DORA", "recipient": "x"},
        content_type="application/json",
    )
    assert answer.status_code == 403


def test_api_builds_downloads_and_checks(world, compliance_user, api_for, tmp_path):
    api = api_for(compliance_user)
    created = api.post(
        "/api/evidencepacks/packs",
        {"requirements": ["DORA-5.1"], "recipient": "ECB", "purpose": "on-site inspection"},
        content_type="application/json",
    ).json()
    assert created["selection"] == {"requirements": ["DORA-5.1"]}
    assert created["downloadable"] and created["entity_leis"] == [world.entity.lei]
    path = _save(api.get(f"/api/evidencepacks/packs/{created['id']}/download"), tmp_path / "a.zip")
    key = api.get("/api/evidencepacks/key").json()
    assert key["fingerprint"] == created["key_fingerprint"]
    checked = api.post(
        "/api/evidencepacks/check", {"file": SimpleUploadedFile("a.zip", path.read_bytes())}
    ).json()
    assert checked["verified"] and checked["issued"] and checked["issued_pack_id"] == created["id"]
    bad = rewrite(
        path,
        tmp_path / "bad.zip",
        lambda n, d: flip_last_byte(d) if n == "records/mappings.json" else d,
    )
    checked = api.post(
        "/api/evidencepacks/check", {"file": SimpleUploadedFile("b.zip", bad.read_bytes())}
    ).json()
    assert not checked["verified"]
    assert any(p.startswith("TAMPERED records/mappings.json") for p in checked["problems"])


def test_check_page_names_the_problem(world, compliance_user, client_for, tmp_path):
    client = client_for(compliance_user)
    client.post("/packs/build/", {"regime": "DORA", "recipient": "ACPR"})
    pack = IssuedPack.objects.get()
    data = b"".join(client.get(f"/packs/{pack.pk}/download/").streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "verify.py" in archive.namelist()
    page = client.post("/packs/check/", {"pack": SimpleUploadedFile("p.zip", data)})
    text = page.content.decode()
    assert "verified" in text and "Issued by this installation" in text
    source = tmp_path / "p.zip"
    source.write_bytes(data)
    removed = rewrite(source, tmp_path / "r.zip", lambda n, d: None if n == "index.pdf" else d)
    page = client.post("/packs/check/", {"pack": SimpleUploadedFile("r.zip", removed.read_bytes())})
    assert "MISSING index.pdf" in page.content.decode()


def test_a_decompression_bomb_is_refused_before_checking(compliance_user, api_for, tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b"\0" * (20 * 1024 * 1024))
    answer = api_for(compliance_user).post(
        "/api/evidencepacks/check", {"file": SimpleUploadedFile("b.zip", bomb.read_bytes())}
    )
    assert answer.status_code == 422
    [error] = answer.json()["detail"]
    assert error["loc"] == ["body", "file"]
    assert "Not checked" in error["msg"] and "manifest.json" in error["msg"]
