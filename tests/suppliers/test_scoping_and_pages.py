"""Every third-party page answers, and a user never sees another entity's records: pages,
register exports, the RoI and the API."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from tests.factories import make_user
from tests.suppliers import builders

from midora.core.choices import Role
from midora.core.demo import make_lei
from midora.suppliers.models import ClauseReview, ICTServiceUse

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_entities(entity, other_entity):
    builders.register_ready(entity)
    builders.register_ready(other_entity)
    mine = builders.arrangement(
        "CA-MINE",
        entity,
        builders.provider("Mine Cloud"),
        [(builders.function(entity, "CUST"), "S10")],
    )
    theirs = builders.arrangement(
        "CA-THEIRS",
        other_entity,
        builders.provider("Their Hidden Cloud"),
        [(builders.function(other_entity, "CUST"), "S10")],
    )
    ClauseReview.objects.create(
        arrangement=theirs, clause_key="locations", finding="missing", reviewed_on="2025-01-01"
    )
    return {"mine": mine, "theirs": theirs}


def test_every_page_renders(two_entities, compliance_user, client_for):
    client = client_for(compliance_user)
    mine = two_entities["mine"]
    use = ICTServiceUse.objects.get(arrangement=mine)
    urls = [
        "/third-parties/",
        "/third-parties/providers/",
        f"/third-parties/providers/{mine.provider_id}/",
        "/third-parties/providers/add/",
        "/third-parties/arrangements/",
        f"/third-parties/arrangements/{mine.pk}/",
        f"/third-parties/arrangements/{mine.pk}/edit/",
        f"/third-parties/arrangements/{mine.pk}/history/",
        "/third-parties/service-uses/",
        f"/third-parties/service-uses/{use.pk}/",
        f"/third-parties/service-uses/add/?arrangement={mine.pk}",
        "/third-parties/assessments/",
        "/third-parties/subcontractors/",
        "/third-parties/clause-reviews/",
        "/third-parties/clause-reviews/add/",
        "/third-parties/exit-plans/",
        "/third-parties/gaps/",
        "/third-parties/concentration/",
        "/third-parties/roi/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    detail = client.get(f"/third-parties/arrangements/{mine.pk}/").content.decode()
    assert "Art. 30(2)(a)" in detail and "Art. 30(3)(f)" in detail  # supports a critical function
    assert (
        'value="' + str(mine.pk) + '" selected'
        in client.get(f"/third-parties/service-uses/add/?arrangement={mine.pk}").content.decode()
    )


def test_pages_and_exports_never_show_another_entitys_records(
    two_entities, compliance_user, client_for
):
    client = client_for(compliance_user)
    theirs = two_entities["theirs"]
    for url in [
        "/third-parties/arrangements/",
        "/third-parties/arrangements/?export=csv",
        "/third-parties/providers/?export=csv",
        "/third-parties/service-uses/",
        "/third-parties/clause-reviews/",
        "/third-parties/gaps/",
        "/third-parties/concentration/",
    ]:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"CA-THEIRS" not in body and b"Their Hidden Cloud" not in body, url
    assert client.get(f"/third-parties/arrangements/{theirs.pk}/").status_code == 404
    assert client.get(f"/third-parties/providers/{theirs.provider_id}/").status_code == 404
    assert client.get(f"/third-parties/roi/?entity={theirs.entity_id}").status_code == 404
    assert client.get(f"/third-parties/roi/package/?entity={theirs.entity_id}").status_code == 404


def test_roi_download_holds_only_the_users_entity(
    two_entities, entity, compliance_user, client_for
):
    client = client_for(compliance_user)
    response = client.get(f"/third-parties/roi/package/?entity={entity.pk}&date=2025-12-31")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        content = b"".join(archive.read(n) for n in archive.namelist())
    assert b"CA-MINE" in content and b"CA-THEIRS" not in content
    workbook = client.get(f"/third-parties/roi/workbook/?entity={entity.pk}&date=2025-12-31")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"


def test_consolidated_register_needs_every_entity_of_the_group(
    two_entities, entity, other_entity, client_for
):
    other_entity.parent = entity
    other_entity.save()
    manager = make_user("parent-only", Role.COMPLIANCE_MANAGER, [entity])
    client = client_for(manager)
    assert client.get(f"/third-parties/roi/?entity={entity.pk}&level=CON").status_code == 403
    assert client.get(f"/third-parties/roi/?entity={entity.pk}&level=IND").status_code == 200


def test_api_is_scoped_and_refuses_links_outside_scope(
    two_entities, entity, compliance_user, api_for
):
    api = api_for(compliance_user)
    theirs = two_entities["theirs"]
    listed = api.get("/api/suppliers/arrangements/").json()["items"]
    assert [a["reference"] for a in listed] == ["CA-MINE"]
    assert api.get(f"/api/suppliers/arrangements/{theirs.pk}").status_code == 404
    providers = {p["name"] for p in api.get("/api/suppliers/providers/").json()["items"]}
    assert providers == {"Mine Cloud"}
    review = {
        "arrangement_id": theirs.pk,
        "clause_key": "locations",
        "finding": "present",
        "reviewed_on": "2025-06-01",
    }
    response = api.post(
        "/api/suppliers/clause-reviews/", json.dumps(review), content_type="application/json"
    )
    assert response.status_code == 422
    assert "arrangement_id" in json.dumps(response.json())
    mine = {**review, "arrangement_id": two_entities["mine"].pk}
    created = api.post(
        "/api/suppliers/clause-reviews/", json.dumps(mine), content_type="application/json"
    )
    assert created.status_code == 201
    gaps = api.get("/api/suppliers/gaps").json()
    assert {g["reference"] for g in gaps} == {"CA-MINE"}
    other_lei = theirs.entity.lei
    assert (
        api.get(
            f"/api/suppliers/roi/validate?entity={other_lei}&reference_date=2025-12-31"
        ).status_code
        == 404
    )
    checked = api.get(
        f"/api/suppliers/roi/validate?entity={entity.lei}&reference_date=2025-12-31"
    ).json()
    assert checked["errors"] == 0 and checked["rows"]["B_02.01"] == 1


def test_api_export_refuses_with_blocking_errors_unless_forced(
    two_entities, entity, compliance_user, api_for
):
    api = api_for(compliance_user)
    ICTServiceUse.objects.filter(arrangement=two_entities["mine"]).update(service_type="eba_TA:S99")
    url = f"/api/suppliers/roi/export?entity={entity.lei}&reference_date=2025-12-31"
    refused = api.get(url)
    assert refused.status_code == 409
    assert {f["rule_id"] for f in refused.json()["findings"]} == {"ENUM-VALUE"}
    forced = api.get(url + "&force=true")
    assert forced.status_code == 200 and forced["Content-Type"] == "application/zip"


def test_auditor_reads_but_cannot_create(two_entities, entity, client_for):
    auditor = make_user("reader", Role.AUDITOR, [entity])
    client = client_for(auditor)
    assert client.get("/third-parties/arrangements/").status_code == 200
    assert client.get("/third-parties/arrangements/add/").status_code == 403
    board = make_user("board", Role.BOARD_MEMBER, [entity])
    assert client_for(board).get("/third-parties/roi/").status_code == 403


def test_api_lists_filter_by_the_web_list_parameters_and_by_link_ids(
    two_entities, entity, other_entity, api_for
):
    api = api_for(make_user("root", Role.ADMINISTRATOR))
    mine, theirs = two_entities["mine"], two_entities["theirs"]

    def references(url: str) -> list[str]:
        response = api.get(url)
        assert response.status_code == 200, response.content
        return sorted(item["reference"] for item in response.json()["items"])

    assert references("/api/suppliers/arrangements/") == ["CA-MINE", "CA-THEIRS"]
    assert references(f"/api/suppliers/arrangements/?entity={other_entity.pk}") == ["CA-THEIRS"]
    assert references(f"/api/suppliers/arrangements/?entity_id={entity.pk}") == ["CA-MINE"]
    assert references(f"/api/suppliers/arrangements/?provider_id={mine.provider_id}") == ["CA-MINE"]
    assert references("/api/suppliers/arrangements/?q=theirs") == ["CA-THEIRS"]
    uses = api.get(f"/api/suppliers/service-uses/?arrangement_id={theirs.pk}").json()["items"]
    assert {u["arrangement_id"] for u in uses} == {theirs.pk}
    assert api.get("/api/suppliers/service-uses/?arrangement_id=abc").status_code == 422
    assert api.get("/api/suppliers/service-uses/?arrangement=1").status_code == 422


def test_api_provider_names_one_of_the_users_entities(
    two_entities, entity, compliance_user, api_for
):
    api = api_for(compliance_user)
    provider = {
        "name": "Unscoped Cloud",
        "identification_code": make_lei("5493", "APIPROV00001"),
        "hq_country": "eba_GA:IE",
    }
    orphan = api.post("/api/suppliers/providers/", provider, content_type="application/json")
    assert orphan.status_code == 422 and "entity_ids" in orphan.content.decode()
    created = api.post(
        "/api/suppliers/providers/",
        {**provider, "entity_ids": [entity.pk]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["entity_ids"] == [entity.pk]
