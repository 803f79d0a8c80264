"""Bulk actions on a register list: assign an owner, change the status, export the selection —
checked per record as the edit page would, all or nothing, one audit event per changed record."""

from __future__ import annotations

import csv
import io

import pytest

from midora.core import audit
from midora.core.choices import Role
from midora.core.models import ServiceOffering
from tests.factories import make_entity, make_user

pytestmark = pytest.mark.django_db

LIST = "/services/"
BULK = "/services/bulk/"


@pytest.fixture
def offerings(entity):
    return [
        ServiceOffering.objects.create(entity=entity, service=service, status="active")
        for service in ("custody", "exchange_fiat", "transfer")
    ]


def events(obj) -> int:
    return audit.history(obj).count()


def test_list_offers_the_actions_the_role_may_use(entity, offerings, client_for):
    manager = make_user("manager", Role.COMPLIANCE_MANAGER, [entity])
    html = client_for(manager).get(LIST).content.decode()
    assert 'name="ids"' in html and 'value="owner"' in html and 'value="status"' in html
    auditor = make_user("auditor", Role.AUDITOR, [entity])
    html = client_for(auditor).get(LIST).content.decode()
    assert 'name="ids"' in html and 'value="csv"' in html
    assert 'value="owner"' not in html and 'value="status"' not in html


def test_status_change_writes_one_event_per_changed_record(entity, offerings, client_for):
    manager = make_user("manager", Role.COMPLIANCE_MANAGER, [entity])
    picked, other = offerings[:2], offerings[2]
    before = {o.pk: events(o) for o in offerings}
    response = client_for(manager).post(
        BULK,
        {
            "ids": [o.pk for o in picked],
            "action": "status",
            "new_status": "suspended",
            "next": LIST,
        },
        follow=True,
    )
    assert "on 2 records" in response.content.decode()
    for obj in picked:
        obj.refresh_from_db()
        assert obj.status == "suspended" and obj.version == 2
        assert events(obj) == before[obj.pk] + 1
        latest = audit.history(obj).order_by("-sequence").first()
        assert latest.actor_id == manager.pk
    other.refresh_from_db()
    assert other.status == "active" and events(other) == before[other.pk]


def test_owner_assignment(entity, offerings, client_for):
    manager = make_user("manager", Role.COMPLIANCE_MANAGER, [entity])
    owner = make_user("owner", Role.CONTRIBUTOR, [entity])
    client_for(manager).post(
        BULK, {"ids": [offerings[0].pk], "action": "owner", "new_owner": owner.pk}
    )
    offerings[0].refresh_from_db()
    assert offerings[0].owner == owner


def test_one_refused_row_changes_nothing_and_is_named(entity, offerings, client_for):
    contributor = make_user("contrib", Role.CONTRIBUTOR, [entity])
    mine, theirs = offerings[0], offerings[1]
    mine.owner = contributor
    mine.save()
    before = {o.pk: events(o) for o in offerings}
    response = client_for(contributor).post(
        BULK,
        {"ids": [mine.pk, theirs.pk], "action": "status", "new_status": "withdrawn", "next": LIST},
        follow=True,
    )
    html = response.content.decode()
    assert "Nothing changed" in html and str(theirs) in html and "cannot edit" in html
    for obj in (mine, theirs):
        obj.refresh_from_db()
        assert obj.status == "active" and events(obj) == before[obj.pk]
    # a contributor assigns no owner, even on records they own
    denied = client_for(contributor).post(
        BULK, {"ids": [mine.pk], "action": "owner", "new_owner": contributor.pk}
    )
    assert denied.status_code == 403


def test_a_failure_mid_way_rolls_every_change_back(entity, offerings, client_for, monkeypatch):
    manager = make_user("manager", Role.COMPLIANCE_MANAGER, [entity])
    original = ServiceOffering.save
    saved = []

    def failing_save(self, *args, **kwargs):
        if saved:
            raise RuntimeError("disk full")
        saved.append(self.pk)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ServiceOffering, "save", failing_save)
    before = {o.pk: events(o) for o in offerings}
    client = client_for(manager)
    client.raise_request_exception = False
    response = client.post(
        BULK, {"ids": [o.pk for o in offerings], "action": "status", "new_status": "withdrawn"}
    )
    assert response.status_code == 500 and len(saved) == 1
    for obj in offerings:
        obj.refresh_from_db()
        assert obj.status == "active" and obj.version == 1 and events(obj) == before[obj.pk]


def test_rows_outside_the_scope_are_refused(entity, offerings, client_for):
    manager = make_user("manager", Role.COMPLIANCE_MANAGER, [entity])
    elsewhere = ServiceOffering.objects.create(
        entity=make_entity("Beta CASP GmbH", "DE"), service="custody", status="active"
    )
    response = client_for(manager).post(
        BULK,
        {"ids": [offerings[0].pk, elsewhere.pk], "action": "status", "new_status": "withdrawn"},
        follow=True,
    )
    assert "not in your scope" in response.content.decode()
    for obj in (offerings[0], elsewhere):
        obj.refresh_from_db()
        assert obj.status == "active"


def test_export_holds_only_the_selection(entity, offerings, client_for):
    auditor = make_user("auditor", Role.AUDITOR, [entity])
    response = client_for(auditor).post(
        BULK, {"ids": [offerings[0].pk, offerings[2].pk], "action": "csv"}
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 3  # header and the two rows chosen
    workbook = client_for(auditor).post(BULK, {"ids": [offerings[1].pk], "action": "xlsx"})
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
