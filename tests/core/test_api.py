"""REST API behaviour: pagination and filters, 422 with field paths, and no input ever answers 500."""

import pytest

from midora.core.choices import Role
from midora.core.models import BusinessFunction
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_pagination_and_filters(entity, other_entity, api_for):
    admin = make_user("root", Role.ADMINISTRATOR)
    for n in range(7):
        BusinessFunction.objects.create(
            entity=entity,
            identifier=f"F-{n}",
            name=f"Function {n}",
            criticality="critical" if n < 3 else "not_critical",
            criticality_rationale="why",
        )
    api = api_for(admin)
    page = api.get("/api/functions/?limit=5&offset=0").json()
    assert page["count"] == 7 and len(page["items"]) == 5
    assert len(api.get("/api/functions/?limit=5&offset=5").json()["items"]) == 2
    assert api.get("/api/functions/?criticality=critical").json()["count"] == 3
    assert api.get(f"/api/functions/?entity={other_entity.pk}").json()["count"] == 0
    assert api.get("/api/functions/?q=Function 6").json()["items"][0]["identifier"] == "F-6"


@pytest.mark.parametrize(
    ("payload", "loc"),
    [
        ({"identifier": "F-X", "name": "X"}, ["body", "payload", "entity_id"]),
        ({"entity_id": "abc", "identifier": "F-X", "name": "X"}, ["body", "payload", "entity_id"]),
        (
            {"entity_id": 1, "identifier": "F-X", "name": "X", "rto_hours": -1},
            ["body", "payload", "rto_hours"],
        ),
        (
            {"entity_id": 1, "identifier": "F-X", "name": "X", "crypto_services": ["lending"]},
            ["body", "payload", "crypto_services", 0],
        ),
        ({"entity_id": 1, "identifier": "", "name": "X"}, ["body", "payload", "identifier"]),
    ],
)
def test_invalid_payload_is_422_with_path(entity, payload, loc, api_for):
    admin = make_user("root", Role.ADMINISTRATOR)
    payload = {**payload}
    if payload.get("entity_id") == 1:
        payload["entity_id"] = entity.pk
    response = api_for(admin).post("/api/functions/", payload, content_type="application/json")
    assert response.status_code == 422
    assert loc in [d["loc"] for d in response.json()["detail"]]


def test_critical_function_needs_rationale(entity, api_for):
    admin = make_user("root", Role.ADMINISTRATOR)
    response = api_for(admin).post(
        "/api/functions/",
        {"entity_id": entity.pk, "identifier": "F-C", "name": "C", "criticality": "critical"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "criticality_rationale"]


def test_duplicate_identifier_is_422_not_500(entity, api_for):
    admin = make_user("root", Role.ADMINISTRATOR)
    api = api_for(admin)
    body = {"entity_id": entity.pk, "identifier": "F-D", "name": "D"}
    assert api.post("/api/functions/", body, content_type="application/json").status_code == 201
    again = api.post("/api/functions/", body, content_type="application/json")
    assert again.status_code == 422
