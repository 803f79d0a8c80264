"""Compliance API: every record, with permission scoping (404 outside scope, 403 by role)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from midora.compliance.evidence_records import add_version
from midora.compliance.evidence_store import store_bytes
from midora.compliance.models import Control, Evidence, EvidenceLink, Mapping
from midora.core.choices import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db
BASE = "/api/compliance"


def _json(client, method, url, payload=None):
    call = getattr(client, method)
    if payload is None:
        return call(url)
    return call(url, data=json.dumps(payload), content_type="application/json")


@pytest.fixture
def records(library, entity, other_entity):
    today = dt.date.today()
    mine = Evidence.objects.create(entity=entity, title="Alpha BCP test", effective_from=today)
    theirs = Evidence.objects.create(
        entity=other_entity, title="Beta BCP test", effective_from=today
    )
    add_version(theirs, store_bytes(b"beta"), "beta.pdf")
    hidden_control = Control.objects.create(code="CTL-BETA-01", title="Beta only")
    hidden_control.entities.add(other_entity)
    return {"mine": mine, "theirs": theirs, "hidden_control": hidden_control}


def test_catalogue_endpoints(library, compliance_user, api_for):
    client = api_for(compliance_user)
    frameworks = client.get(f"{BASE}/frameworks").json()
    assert {f["code"] for f in frameworks} == {"MICA", "RTS305", "DORA", "RTS1773", "RTS1774"}
    page = client.get(f"{BASE}/requirements?framework=RTS1773&limit=100").json()
    assert page["count"] == 14 and all(r["regime"] == "DORA" for r in page["items"])
    one = client.get(f"{BASE}/requirements/DORA-30.3.e.i").json()
    assert one["parent"] == "DORA-30.3.e" and one["applies_when"] == {"critical_or_important": True}
    assert client.get(f"{BASE}/requirements/NOPE-1").status_code == 404
    why = client.get(f"{BASE}/requirements/DORA-30.3.e.i/applicability").json()
    assert len(why) == 1 and why[0]["applies"] is False
    assert "no critical or important function" in why[0]["reason"]


def test_controls_scoped_created_and_separate_regimes(records, entity, compliance_user, api_for):
    client = api_for(compliance_user)
    listing = client.get(f"{BASE}/controls/?limit=200").json()
    codes = {c["code"] for c in listing["items"]}
    assert "CTL-GOV-01" in codes and "CTL-BETA-01" not in codes
    hidden = records["hidden_control"]
    assert client.get(f"{BASE}/controls/{hidden.pk}").status_code == 404
    gov = next(c for c in listing["items"] if c["code"] == "CTL-GOV-01")
    assert {m["requirement"] for m in gov["mica"]} == {"MICA-62.2.f", "MICA-68.6"}
    assert all(m["requirement"].startswith("DORA") for m in gov["dora"])

    created = _json(
        client,
        "post",
        f"{BASE}/controls/",
        {"code": "CTL-OWN-01", "title": "Own control", "entity_ids": [entity.pk]},
    )
    assert created.status_code == 201, created.content
    control = created.json()
    outside = _json(
        client,
        "post",
        f"{BASE}/controls/",
        {"code": "CTL-OWN-02", "title": "Elsewhere", "entity_ids": [hidden.entities.get().pk]},
    )
    assert outside.status_code == 422
    retired = _json(
        client,
        "patch",
        f"{BASE}/controls/{control['id']}",
        {"version": control["version"], "retired": True},
    )
    assert retired.json()["retired"] is True
    stale = _json(
        client,
        "patch",
        f"{BASE}/controls/{control['id']}",
        {"version": control["version"], "title": "x"},
    )
    assert stale.status_code == 409
    # a control of no entity of theirs would be out of its creator's sight
    nowhere = _json(client, "post", f"{BASE}/controls/", {"code": "CTL-OWN-03", "title": "None"})
    assert nowhere.status_code == 422 and "entity_ids" in json.dumps(nowhere.json())
    # the entities a user does not see are neither shown nor dropped by their change
    shared = Control.objects.get(code="CTL-GOV-01")
    shared.entities.add(hidden.entities.get())
    read = client.get(f"{BASE}/controls/{shared.pk}").json()
    assert read["entity_ids"] == [entity.pk]
    emptied = _json(
        client,
        "patch",
        f"{BASE}/controls/{shared.pk}",
        {"version": read["version"], "entity_ids": []},
    )
    assert emptied.status_code == 422
    kept = _json(
        client,
        "patch",
        f"{BASE}/controls/{shared.pk}",
        {"version": read["version"], "entity_ids": [entity.pk], "title": "Shared"},
    )
    assert kept.status_code == 200 and kept.json()["entity_ids"] == [entity.pk]
    assert set(shared.entities.values_list("pk", flat=True)) == {
        entity.pk,
        hidden.entities.get().pk,
    }


def test_mappings_refuse_withdrawn_and_out_of_scope(records, compliance_user, api_for):
    client = api_for(compliance_user)
    control = Control.objects.get(code="CTL-IAM-01")
    made = _json(
        client,
        "post",
        f"{BASE}/mappings/",
        {
            "control_id": control.pk,
            "requirement": "MICA-68.6",
            "coverage": "partial",
            "rationale": "Access reviews feed the Art 68(6) assessment.",
        },
    )
    assert made.status_code == 201 and made.json()["regime"] == "MICA"
    hidden = _json(
        client,
        "post",
        f"{BASE}/mappings/",
        {"control_id": records["hidden_control"].pk, "requirement": "DORA-5.1", "rationale": "x"},
    )
    # a link to a record out of scope is refused naming the field, as on every register
    assert hidden.status_code == 422
    assert "control_id" in json.dumps(hidden.json()["detail"])
    unknown = _json(
        client,
        "post",
        f"{BASE}/mappings/",
        {"control_id": control.pk, "requirement": "DORA-999", "rationale": "x"},
    )
    assert unknown.status_code == 422
    listing = client.get(f"{BASE}/mappings/?regime=DORA&limit=500").json()
    assert listing["items"] and all(m["regime"] == "DORA" for m in listing["items"])
    assert not any(m["control"] == "CTL-BETA-01" for m in listing["items"])


def test_evidence_api_upload_download_links(records, entity, compliance_user, api_for):
    client = api_for(compliance_user)
    items = client.get(f"{BASE}/evidence/").json()["items"]
    assert [e["title"] for e in items] == ["Alpha BCP test"]
    assert items[0]["state"] == "current"
    theirs = records["theirs"]
    assert client.get(f"{BASE}/evidence/{theirs.pk}").status_code == 404
    assert client.get(f"{BASE}/evidence/{theirs.pk}/versions").status_code == 404
    version = theirs.versions.get()
    assert client.get(f"{BASE}/evidence/versions/{version.pk}/download").status_code == 404

    mine = records["mine"]
    uploaded = client.post(
        f"{BASE}/evidence/{mine.pk}/versions",
        {"file": SimpleUploadedFile("../../bcp-report.pdf", b"%PDF bcp")},
    )
    assert uploaded.status_code == 201, uploaded.content
    body = uploaded.json()
    assert body["number"] == 1 and body["original_name"] == "bcp-report.pdf"
    download = client.get(f"{BASE}/evidence/versions/{body['id']}/download")
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF bcp"

    control = Control.objects.get(code="CTL-BCM-01")
    link = _json(
        client, "post", f"{BASE}/evidence-links", {"evidence_id": mine.pk, "control_id": control.pk}
    )
    assert link.status_code == 201
    assert EvidenceLink.objects.filter(evidence=mine, control=control).exists()
    cross = _json(
        client,
        "post",
        f"{BASE}/evidence-links",
        {"evidence_id": theirs.pk, "control_id": control.pk},
    )
    assert cross.status_code == 404
    created = _json(
        client,
        "post",
        f"{BASE}/evidence/",
        {"entity_id": theirs.entity_id, "title": "x", "effective_from": "2026-01-01"},
    )
    assert created.status_code == 422


def test_api_oversize_upload_is_413(settings, records, compliance_user, api_for):
    settings.MIDORA_EVIDENCE_MAX_BYTES = 10
    response = api_for(compliance_user).post(
        f"{BASE}/evidence/{records['mine'].pk}/versions",
        {"file": SimpleUploadedFile("big.bin", b"x" * 11)},
    )
    assert response.status_code == 413
    assert "size limit" in response.json()["detail"]


def test_roles_on_the_api(records, entity, api_for):
    auditor = make_user("aud", Role.AUDITOR, [entity])
    client = api_for(auditor)
    assert client.get(f"{BASE}/controls/").status_code == 200
    control = Control.objects.get(code="CTL-GOV-01")
    forbidden = _json(
        client,
        "post",
        f"{BASE}/mappings/",
        {"control_id": control.pk, "requirement": "DORA-5.1", "rationale": "x"},
    )
    assert forbidden.status_code == 403
    board = make_user("board", Role.BOARD_MEMBER, [entity])
    assert api_for(board).get(f"{BASE}/evidence/").status_code == 403
    assert api_for(board).get(f"{BASE}/crosswalk").status_code == 403
    contributor = make_user("contrib", Role.CONTRIBUTOR, [entity])
    patched = _json(
        api_for(contributor),
        "patch",
        f"{BASE}/controls/{control.pk}",
        {"version": control.version, "title": "Mine now"},
    )
    assert patched.status_code == 403


def test_assessment_api_flow(records, entity, other_entity, compliance_user, api_for):
    client = api_for(compliance_user)
    EvidenceLink.objects.create(
        evidence=records["mine"], control=Control.objects.get(code="CTL-GOV-01")
    )
    made = _json(
        client,
        "post",
        f"{BASE}/assessments/",
        {
            "title": "DORA 2026",
            "regime": "DORA",
            "entity_ids": [entity.pk],
            "started_on": "2026-02-01",
        },
    )
    assert made.status_code == 201, made.content
    assessment = made.json()
    outside = _json(
        client,
        "post",
        f"{BASE}/assessments/",
        {
            "title": "x",
            "regime": "DORA",
            "entity_ids": [other_entity.pk],
            "started_on": "2026-02-01",
        },
    )
    assert outside.status_code == 422
    results = client.get(f"{BASE}/assessments/{assessment['id']}/results?limit=500").json()["items"]
    row = next(r for r in results if r["requirement"] == "DORA-5.2.c")
    assert row["suggested_status"] == "met" and row["status"] == ""
    # a microenterprise-only provision never lands in the assessment of a larger entity
    assert not any(r["requirement"].startswith("DORA-16") for r in results)
    confirmed = _json(
        client,
        "patch",
        f"{BASE}/results/{row['id']}",
        {
            "version": row["version"],
            "status": "partially_met",
            "current_maturity": 2,
            "evidence_ids": [records["mine"].pk],
        },
    )
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["evidence_ids"] == [records["mine"].pk]
    action = client.post(f"{BASE}/results/{row['id']}/action")
    assert (
        action.status_code == 201 and action.json()["source_type"] == "compliance.requirementresult"
    )
    assert client.post(f"{BASE}/results/{row['id']}/action").status_code == 200
    scores = client.get(f"{BASE}/assessments/{assessment['id']}/scores").json()
    assert scores["regime"] == "DORA" and scores["overall"]["partially_met"] == 1
    mica = _json(
        client,
        "post",
        f"{BASE}/assessments/",
        {
            "title": "MiCA 2026",
            "regime": "MICA",
            "entity_ids": [entity.pk],
            "started_on": "2026-02-01",
        },
    ).json()
    blended = client.get(f"{BASE}/assessments/compare?before={mica['id']}&after={assessment['id']}")
    assert blended.status_code == 422 and "never blended" in blended.json()["detail"][0]["msg"]
    oscal = client.get(f"{BASE}/assessments/{assessment['id']}/oscal").json()
    assert (
        oscal["assessment-results"]["results"][0]["findings"][0]["target"]["target-id"]
        == "dora-5.2.c"
    )
    crosswalk = client.get(f"{BASE}/crosswalk?regime=DORA").json()
    assert set(crosswalk["regimes"]) == {"DORA"}
    assert client.get(f"{BASE}/crosswalk?entity_id={other_entity.pk}").status_code == 404
    stranger = make_user("stranger", Role.COMPLIANCE_MANAGER, [other_entity])
    assert api_for(stranger).get(f"{BASE}/assessments/{assessment['id']}").status_code == 404
    assert Mapping.objects.exists()
