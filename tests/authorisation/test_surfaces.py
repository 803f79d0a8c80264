"""The dossier through the web pages, the API and the CLI, scoped to the user's entities."""

from __future__ import annotations

import json
import zipfile

import pytest

from midora.authorisation import services
from midora.authorisation.choices import ItemStatus
from midora.authorisation.export import verify_manifest
from midora.authorisation.models import InformationRequest, ItemEvidence, Person
from midora.cli import main as midora
from midora.core.choices import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(applicant, compliance_user, evidence_for):
    dossier, _ = services.open_dossier(applicant)
    item = dossier.items.get(requirement__ref="MICA-RTS305-15.d")
    evidence = evidence_for(applicant)
    ItemEvidence.objects.create(
        item=item, evidence=evidence, pinned_version=evidence.latest_version, statement="because"
    )
    item.answer, item.status, item.reviewer = (
        "**Best execution** factors.",
        ItemStatus.IN_REVIEW,
        compliance_user,
    )
    item.save()
    services.approve(item, compliance_user)
    return dossier


def test_pages_render_and_other_entities_answer_404(
    dossier, compliance_user, other_entity, client_for
):
    client = client_for(compliance_user)
    item = dossier.items.get(requirement__ref="MICA-RTS305-15.d")
    for url in [
        "/authorisation/",
        "/authorisation/board/",
        f"/authorisation/dossier/{dossier.pk}/",
        f"/authorisation/items/{item.pk}/",
        "/authorisation/people/",
        "/authorisation/requests/",
        "/authorities/",
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get(f"/authorisation/items/{item.pk}/").content.decode()
    assert "<strong>Best execution</strong>" in page
    outsider = make_user("outsider", Role.COMPLIANCE_MANAGER, [other_entity])
    assert client_for(outsider).get(f"/authorisation/items/{item.pk}/").status_code == 404
    assert client_for(outsider).get(f"/authorisation/dossier/{dossier.pk}/").status_code == 404


def test_markdown_answer_cannot_inject_html(dossier, compliance_user, client_for):
    item = dossier.items.get(requirement__ref="MICA-RTS305-1.a")
    item.answer = "<script>alert(1)</script> [x](javascript:alert(1))"
    item.save()
    page = client_for(compliance_user).get(f"/authorisation/items/{item.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and 'href="javascript:' not in page


def test_api_answer_approve_and_requests(dossier, compliance_user, api_for, other_entity):
    api = api_for(compliance_user)
    item = dossier.items.get(requirement__ref="MICA-RTS305-15.a")
    r = api.patch(
        f"/api/authorisation/items/{item.pk}",
        {"version": item.version, "answer": "Consent at onboarding."},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "drafted"
    r = api.patch(
        f"/api/authorisation/items/{item.pk}",
        {"version": r.json()["version"], "status": "in_review", "reviewer_id": compliance_user.pk},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "in_review"
    r = api.post(
        f"/api/authorisation/items/{item.pk}/approve",
        {"version": r.json()["version"]},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["approved_by_id"] == compliance_user.pk
    status = api.get(f"/api/authorisation/dossiers/{dossier.pk}/status").json()
    assert status["overall"]["total"] == dossier.items.filter(applies=True).count()

    r = api.post(
        "/api/authorisation/requests/",
        {
            "dossier_id": dossier.pk,
            "reference": "RFI-1",
            "sent_on": "2026-11-02",
            "due_on": "2026-11-16",
            "question": "Explain venues.",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    rid = r.json()["id"]
    r = api.put(
        f"/api/authorisation/requests/{rid}/items",
        {"item_ids": [item.pk]},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["item_ids"] == [item.pk]

    outsider = api_for(make_user("outsider", Role.COMPLIANCE_MANAGER, [other_entity]))
    assert outsider.get(f"/api/authorisation/items/{item.pk}").status_code == 404
    assert outsider.get(f"/api/authorisation/requests/{rid}").status_code == 404


def test_personal_data_only_for_roles_that_need_it(applicant, compliance_user, api_for):
    person = Person.objects.create(
        entity=applicant,
        full_name="A. Director",
        role="management_body",
        date_of_birth="1970-01-01",
        nationality="Irish",
    )
    auditor = make_user("auditor", Role.AUDITOR, [applicant])
    mine = api_for(compliance_user).get(f"/api/authorisation/people/{person.pk}").json()
    theirs = api_for(auditor).get(f"/api/authorisation/people/{person.pk}").json()
    assert mine["date_of_birth"] == "1970-01-01" and mine["nationality"] == "Irish"
    assert theirs["full_name"] == "A. Director"
    assert theirs["date_of_birth"] is None and theirs["nationality"] is None


def test_cli_status_json_and_export_zip(dossier, applicant, tmp_path, capsys):
    InformationRequest.objects.create(
        dossier=dossier, reference="R", sent_on="2026-11-02", question="q"
    )
    assert midora(["dossier", "status", "--entity", applicant.lei, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ids = [i["id"] for i in data["items"]]
    assert ids == list(
        dossier.items.filter(applies=True)
        .order_by("position")
        .values_list("requirement__ref", flat=True)
    )
    assert {"id": "MICA-RTS305-15.d", "status": "approved", "complete": True}.items() <= next(
        i for i in data["items"] if i["id"] == "MICA-RTS305-15.d"
    ).items()

    assert midora(["dossier", "export", "--entity", applicant.lei, "--output", str(tmp_path)]) == 0
    (path,) = tmp_path.glob("*.zip")
    assert verify_manifest(path) == []
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        assert archive.read("answers.pdf").startswith(b"%PDF")
    assert {"answers.pdf", "index.xlsx", "manifest.json"} <= names
    assert any(n.startswith("documents/MICA-RTS305-15.d/") for n in names)
    assert {e["path"] for e in manifest["files"]} == names - {"manifest.json"}
