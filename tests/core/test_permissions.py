"""The role x page / endpoint matrix for the core records, and entity scoping everywhere."""

import csv
import io

import pytest

from midora.core.choices import Role
from midora.core.models import BusinessFunction
from tests.factories import make_entity, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    mine = make_entity("Mine CASP", "FR")
    theirs = make_entity("Theirs CASP", "DE")
    users = {role: make_user(f"u-{role}", role, [mine]) for role in Role.values}
    own = BusinessFunction.objects.create(
        entity=mine, identifier="F-OWN", name="Owned by contributor", owner=users[Role.CONTRIBUTOR]
    )
    other = BusinessFunction.objects.create(
        entity=mine, identifier="F-OTHER", name="Owned by nobody"
    )
    foreign = BusinessFunction.objects.create(
        entity=theirs, identifier="F-FOREIGN", name="Foreign function"
    )
    return {
        "mine": mine,
        "theirs": theirs,
        "users": users,
        "own": own,
        "other": other,
        "foreign": foreign,
    }


# role -> (list, detail, edit own, edit other, delete other, create)
EXPECTED = {
    Role.ADMINISTRATOR: (200, 200, 200, 200, 200, 200),
    Role.COMPLIANCE_MANAGER: (200, 200, 200, 200, 200, 200),
    Role.CONTRIBUTOR: (200, 200, 200, 403, 403, 200),
    Role.AUDITOR: (200, 200, 403, 403, 403, 403),
    Role.BOARD_MEMBER: (403, 403, 403, 403, 403, 403),
}


@pytest.mark.parametrize("role", Role.values)
def test_web_matrix(world, role, client_for):
    client = client_for(world["users"][role])
    own, other = world["own"], world["other"]
    got = (
        client.get("/functions/").status_code,
        client.get(f"/functions/{other.pk}/").status_code,
        client.get(f"/functions/{own.pk}/edit/").status_code,
        client.get(f"/functions/{other.pk}/edit/").status_code,
        client.get(f"/functions/{other.pk}/delete/").status_code,
        client.get("/functions/add/").status_code,
    )
    assert got == EXPECTED[role]


@pytest.mark.parametrize("role", Role.values)
def test_api_matrix(world, role, api_for):
    api = api_for(world["users"][role])
    own, other, mine = world["own"], world["other"], world["mine"]
    listing = api.get("/api/functions/")
    patch_own = api.patch(
        f"/api/functions/{own.pk}",
        {"version": own.version, "name": "Renamed"},
        content_type="application/json",
    )
    patch_other = api.patch(
        f"/api/functions/{other.pk}",
        {"version": other.version, "name": "Renamed"},
        content_type="application/json",
    )
    create = api.post(
        "/api/functions/",
        {"entity_id": mine.pk, "identifier": f"F-NEW-{role}", "name": "New"},
        content_type="application/json",
    )
    expected_read = 403 if role == Role.BOARD_MEMBER else 200
    assert listing.status_code == expected_read
    assert patch_own.status_code == (200 if EXPECTED[role][2] == 200 else 403)
    assert patch_other.status_code == (200 if EXPECTED[role][3] == 200 else 403)
    assert create.status_code == (201 if EXPECTED[role][5] == 200 else 403)


@pytest.mark.parametrize("role", [Role.COMPLIANCE_MANAGER, Role.CONTRIBUTOR, Role.AUDITOR])
def test_other_entity_is_invisible_everywhere(world, role, client_for, api_for):
    user, foreign = world["users"][role], world["foreign"]
    web, api = client_for(user), api_for(user)
    assert "F-FOREIGN" not in web.get("/functions/").content.decode()
    assert web.get(f"/functions/{foreign.pk}/").status_code == 404
    assert web.get(f"/entities/{world['theirs'].pk}/").status_code == 404
    assert "Theirs CASP" not in web.get("/scope/").content.decode()
    exported = b"".join(web.get("/functions/?export=csv").streaming_content).decode("utf-8-sig")
    identifiers = {row["Identifier"] for row in csv.DictReader(io.StringIO(exported))}
    assert identifiers == {"F-OWN", "F-OTHER"}
    api_items = api.get("/api/functions/?limit=100").json()["items"]
    assert {i["identifier"] for i in api_items} == {"F-OWN", "F-OTHER"}
    assert api.get(f"/api/functions/{foreign.pk}").status_code == 404
    assert {e["name"] for e in api.get("/api/entities/").json()["items"]} == {"Mine CASP"}


def test_cannot_create_under_foreign_entity(world, api_for, client_for):
    user = world["users"][Role.COMPLIANCE_MANAGER]
    response = api_for(user).post(
        "/api/functions/",
        {"entity_id": world["theirs"].pk, "identifier": "F-X", "name": "X"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "entity_id"]
    web = client_for(user).post(
        "/functions/add/",
        {
            "entity": world["theirs"].pk,
            "identifier": "F-X",
            "name": "X",
            "criticality": "not_critical",
        },
    )
    assert web.status_code == 422
    assert not BusinessFunction.objects.filter(identifier="F-X").exists()


def test_administrator_sees_every_entity(world, client_for):
    admin = make_user("root", Role.ADMINISTRATOR)
    content = client_for(admin).get("/functions/").content.decode()
    assert "F-FOREIGN" in content and "F-OWN" in content


def test_anonymous_is_sent_to_login_and_api_needs_a_token(client):
    assert client.get("/functions/").status_code == 302
    assert client.get("/api/functions/").status_code == 401
    assert (
        client.get("/api/functions/", headers={"Authorization": "Bearer mdr_wrong"}).status_code
        == 401
    )


def test_revoked_token_stops_working(world, api_for):
    from midora.core.accounts import revoke_token
    from midora.core.models import ApiToken

    user = world["users"][Role.AUDITOR]
    api = api_for(user)
    assert api.get("/api/functions/").status_code == 200
    token = ApiToken.objects.get(user=user)
    assert len(token.key_hash) == 64 and not token.key_hash.startswith("mdr_")
    revoke_token(token)
    assert api.get("/api/functions/").status_code == 401


def test_malformed_query_values_never_fail(world, client_for):
    client = client_for(world["users"][Role.COMPLIANCE_MANAGER])
    assert client.get("/functions/?entity=abc").status_code == 200
    assert client.get("/functions/?entity=99999999999999999999999").status_code == 200
    assert client.get("/functions/?sort=password").status_code == 200
    assert client.get("/functions/?page=-4").status_code == 200
    assert client.get("/functions/99999999999999999999999/").status_code == 404
    assert client.get("/functions/?export=pdf").status_code == 400
