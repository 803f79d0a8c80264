"""No lost updates: a save based on a stale version is refused (web: message, API: 409)."""

import pytest

from midora.core.models import BusinessFunction, StaleVersionError

pytestmark = pytest.mark.django_db


@pytest.fixture
def function(entity):
    return BusinessFunction.objects.create(entity=entity, identifier="F-1", name="Custody")


def test_second_stale_save_is_refused(function):
    first = BusinessFunction.objects.get(pk=function.pk)
    second = BusinessFunction.objects.get(pk=function.pk)
    first.name = "First edit"
    first.save()
    second.name = "Second edit"
    with pytest.raises(StaleVersionError, match="version 1, it is now at version 2"):
        second.save()
    function.refresh_from_db()
    assert function.name == "First edit" and function.version == 2


def test_web_edit_with_stale_version_shows_message(function, compliance_user, client_for, entity):
    client = client_for(compliance_user)
    form = {"entity": entity.pk, "identifier": "F-1", "criticality": "not_critical", "version": 1}
    assert client.post(f"/functions/{function.pk}/edit/", {**form, "name": "A"}).status_code == 302
    stale = client.post(f"/functions/{function.pk}/edit/", {**form, "name": "B"})
    assert stale.status_code == 409
    text = stale.content.decode()
    assert "was changed by compliance on " in text  # who and when, from the audit trail
    assert "Name: &#x27;A&#x27; (yours: &#x27;B&#x27;)" in text  # which field differs now
    function.refresh_from_db()
    assert function.name == "A"


def test_api_stale_version_is_409(function, compliance_user, api_for):
    api = api_for(compliance_user)
    ok = api.patch(
        f"/api/functions/{function.pk}",
        {"version": 1, "name": "A"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = api.patch(
        f"/api/functions/{function.pk}",
        {"version": 1, "name": "B"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    conflict = stale.json()
    assert conflict["current_version"] == 2 and conflict["changed_by"] == "compliance"
    assert conflict["changed_at"]
    assert conflict["differences"] == [
        {"field": "name", "label": "Name", "stored": "A", "yours": "B"}
    ]
    put = api.put(
        f"/api/functions/{function.pk}",
        {"version": 1, "entity_id": function.entity_id, "identifier": "F-1", "name": "C"},
        content_type="application/json",
    )
    assert put.status_code == 409
    function.refresh_from_db()
    assert function.name == "A"


def test_unchanged_save_keeps_version_and_writes_no_event(function, compliance_user, api_for):
    from midora.core.models import AuditEvent

    api = api_for(compliance_user)
    events = AuditEvent.objects.count()
    same = BusinessFunction.objects.get(pk=function.pk)
    same.save()
    response = api.patch(
        f"/api/functions/{function.pk}",
        {"version": 1, "name": "Custody", "identifier": "F-1"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["version"] == 1
    function.refresh_from_db()
    assert function.version == 1 and AuditEvent.objects.count() == events
