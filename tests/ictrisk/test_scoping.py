"""A user never sees or links another entity's assets, risks or acceptances (web, API, exports)."""

import datetime as dt

import pytest
from django.utils import timezone

from midora.core.choices import Role
from tests.factories import make_user
from tests.ictrisk.builders import make_acceptance, make_asset, make_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(entity, other_entity):
    mine = make_risk(entity, title="Visible wallet risk", reference="R-MINE")
    theirs = make_risk(other_entity, title="Hidden exchange risk", reference="R-THEIRS")
    hidden_asset = make_asset(other_entity, "Hidden HSM", asset_type="hsm")
    acceptance = make_acceptance(theirs, until=timezone.localdate() + dt.timedelta(days=90))
    return mine, theirs, hidden_asset, acceptance


def test_web_lists_details_and_exports_are_scoped(records, entity, client_for):
    _mine, theirs, hidden_asset, acceptance = records
    officer = make_user("officer", Role.COMPLIANCE_MANAGER, [entity])
    client = client_for(officer)
    for url in ("/ict-risk/risks/", "/ict-risk/risks/?export=csv", "/ict-risk/heatmap/"):
        body = b"".join(client.get(url)) if "csv" in url else client.get(url).content
        assert b"Hidden exchange risk" not in body, url
    assert b"Visible wallet risk" in client.get("/ict-risk/risks/").content
    assert b"R-THEIRS" not in client.get("/ict-risk/risks/export.xlsx").content
    assert client.get(f"/ict-risk/risks/{theirs.pk}/").status_code == 404
    assert client.get(f"/ict-risk/assets/{hidden_asset.pk}/").status_code == 404
    assert client.get(f"/ict-risk/acceptances/{acceptance.pk}/").status_code == 404
    heat = client.get("/ict-risk/heatmap/?which=inherent").content.decode()
    assert "<strong>1</strong>" in heat  # only the user's own risk is counted


def test_api_is_scoped_and_refuses_links_outside_scope(records, entity, api_for):
    mine, theirs, hidden_asset, _acceptance = records
    officer = make_user("officer", Role.COMPLIANCE_MANAGER, [entity])
    api = api_for(officer)
    listed = api.get("/api/ictrisk/risks/").json()
    assert [r["reference"] for r in listed["items"]] == ["R-MINE"]
    assert api.get(f"/api/ictrisk/risks/{theirs.pk}").status_code == 404
    assert api.get("/api/ictrisk/heatmap?which=inherent").json()["total"] == 1
    refused = api.put(
        f"/api/ictrisk/risks/{mine.pk}/links",
        {"asset_ids": [hidden_asset.pk]},
        content_type="application/json",
    )
    assert refused.status_code == 422
    accepted_elsewhere = api.post(
        "/api/ictrisk/acceptances/",
        {
            "risk_id": theirs.pk,
            "accepted_by": "Board",
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
            "reason": "Cheap",
        },
        content_type="application/json",
    )
    assert accepted_elsewhere.status_code == 422
    assert "not in your scope" in accepted_elsewhere.content.decode()


def test_api_creates_and_links_a_risk(entity, compliance_user, api_for):
    asset = make_asset(entity, "Matching engine")
    api = api_for(compliance_user)
    created = api.post(
        "/api/ictrisk/risks/",
        {
            "entity_id": entity.pk,
            "reference": "R-API",
            "title": "Engine crash",
            "threat": "Faulty release",
            "inherent_likelihood": 3,
            "inherent_impact": 4,
            "residual_likelihood": 2,
            "residual_impact": 4,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["inherent"]["score"], data["inherent"]["band"]) == (12, "High")
    linked = api.put(
        f"/api/ictrisk/risks/{data['id']}/links",
        {"asset_ids": [asset.pk]},
        content_type="application/json",
    )
    assert linked.status_code == 200 and linked.json()["asset_ids"] == [asset.pk]
    foreign_key = api.put(  # an asset's link, not a risk's: refused, naming it
        f"/api/ictrisk/risks/{data['id']}/links",
        {"depends_on_ids": [asset.pk]},
        content_type="application/json",
    )
    assert foreign_key.status_code == 422 and "depends_on_ids" in foreign_key.content.decode()
    bad = api.post(
        "/api/ictrisk/risks/",
        {**created.json(), "reference": "R-BAD", "inherent_likelihood": 9},
        content_type="application/json",
    )
    assert bad.status_code == 422


def test_contributor_and_board_member_permissions(records, entity, client_for):
    mine, *_ = records
    contributor = make_user("engineer", Role.CONTRIBUTOR, [entity])
    client = client_for(contributor)
    assert client.get(f"/ict-risk/risks/{mine.pk}/").status_code == 200
    assert client.get(f"/ict-risk/risks/{mine.pk}/edit/").status_code == 403
    board = make_user("board", Role.BOARD_MEMBER, [entity])
    assert client_for(board).get("/ict-risk/risks/").status_code == 403
    assert client_for(board).get("/board/remediation/").status_code == 200
