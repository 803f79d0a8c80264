"""The audit trail a CASP can trust: rows checked against the trail, restores that add nothing,
history that reads right, an export for auditors, and a log scoped to the user's entities."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection

from midora.cli import main as midora
from midora.core import audit, audit_display
from midora.core.audit_scope import unscoped_record_types
from midora.core.choices import Role
from midora.core.models import AuditEvent, BusinessFunction
from midora.ictrisk.models import ICTAsset
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(entity, other_entity):
    with audit.acting_as(audit.Actor("alice", source="web")):
        mine = BusinessFunction.objects.create(
            entity=entity,
            identifier="F-1",
            name="Custody",
            criticality="critical",
            criticality_rationale="Holds client assets",
        )
        theirs = BusinessFunction.objects.create(
            entity=other_entity, identifier="F-9", name="Beta settlement secret"
        )
        asset = ICTAsset.objects.create(entity=entity, name="Wallet cluster")
        asset.functions.add(mine)
        mine.criticality = "not_critical"
        mine.save()
    return mine, theirs, asset


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def test_verify_names_a_row_updated_behind_the_products_back(records, capsys):
    mine, _theirs, _asset = records
    assert midora(["audit", "verify"]) == 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_table(BusinessFunction)} SET criticality = %s WHERE id = %s",
            ["critical", mine.pk],
        )
    capsys.readouterr()
    assert midora(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert f"core.businessfunction #{mine.pk}: criticality is 'critical' in the database" in err
    assert "but 'not_critical' in the audit trail" in err


def test_verify_names_a_row_inserted_or_deleted_behind_the_products_back(records, capsys):
    mine, theirs, asset = records
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_table(ICTAsset.functions.through)}")
        cursor.execute(f"DELETE FROM {_table(BusinessFunction)} WHERE id = %s", [theirs.pk])
    BusinessFunction.objects.bulk_create(
        [BusinessFunction(entity=mine.entity, identifier="F-X", name="Smuggled")]
    )
    smuggled = BusinessFunction.objects.get(identifier="F-X")
    capsys.readouterr()
    assert midora(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert f"core.businessfunction #{theirs.pk}: the trail records it, but the row is gone" in err
    assert f"core.businessfunction #{smuggled.pk}: the row has no event" in err
    assert f"ictrisk.ictasset #{asset.pk}: functions is [] in the database but [{mine.pk}]" in err


def test_history_reads_right(records):
    mine, _theirs, asset = records
    described = dict(audit_display.describe(audit.history(mine)))
    created = next(lines for e, lines in described.items() if e.action == "create")
    by_label = {line.label: line for line in created}
    assert by_label["Name"].kind == "set" and by_label["Name"].after == "Custody"
    assert by_label["Entity"].after == mine.entity.name  # a link by its name
    updated = next(lines for e, lines in described.items() if e.action == "update")
    assert [(line.label, line.before, line.after) for line in updated] == [
        ("Criticality", "Critical or important", "Not critical or important")
    ]
    asset_lines = [
        line for _e, lines in audit_display.describe(audit.history(asset)) for line in lines
    ]
    links = next(line for line in asset_lines if line.kind == "links")
    assert links.added == (str(mine),) and links.removed == ()


def test_history_page_shows_creation_values_not_pairs(records, admin_user, client_for):
    mine, _theirs, _asset = records
    page = client_for(admin_user).get(f"/functions/{mine.pk}/history/").content.decode()
    assert "Custody" in page and "C → u" not in page
    assert "Critical or important → Not critical or important" in page


def test_auditor_of_one_entity_sees_no_event_of_another(records, entity, client_for, api_for):
    _mine, theirs, _asset = records
    auditor = make_user("auditor-a", Role.AUDITOR, [entity])
    web = client_for(auditor)
    page = web.get("/audit/").content.decode()
    assert "Custody" in page and "Beta settlement secret" not in page
    for fmt in ("csv", "json"):
        body = b"".join(web.get(f"/audit/?export={fmt}").streaming_content).decode()
        assert "Custody" in body and "Beta settlement secret" not in body
    api = api_for(auditor)
    listed = api.get("/api/audit/events?limit=500").json()["items"]
    assert listed and all(
        str(theirs.pk) != e["record_id"] or e["record_type"] != "core.businessfunction"
        for e in listed
    )
    reference = set(unscoped_record_types()) | {"core.userprofile"}  # read by every reader
    assert all(e["entities"] == [entity.pk] for e in listed if e["record_type"] not in reference)
    assert all(e["entities"] == [] for e in listed if e["record_type"] in reference)
    exported = b"".join(api.get("/api/audit/export?format=csv").streaming_content).decode()
    assert "Custody" in exported and "Beta settlement secret" not in exported
    # another entity named in the filter: nothing of it comes back
    other = web.get(f"/audit/?entity={theirs.entity_id}").content.decode()
    assert "Beta settlement secret" not in other


def test_header_links_the_audit_log_only_for_roles_that_may_open_it(entity, client_for):
    for role, expected in [
        (Role.AUDITOR, True),
        (Role.COMPLIANCE_MANAGER, True),
        (Role.CONTRIBUTOR, False),
        (Role.BOARD_MEMBER, False),
    ]:
        user = make_user(f"u-{role}", role, [entity])
        client = client_for(user)
        home = client.get("/", follow=True).content.decode()
        assert ('href="/audit/"' in home) is expected, role
        assert client.get("/audit/").status_code == (200 if expected else 403), role


def test_export_command_csv_and_json_with_filters(records, entity, tmp_path, capsys):
    mine, theirs, _asset = records
    target = tmp_path / "trail.json"
    assert (
        midora(["audit", "export", "--format", "json", "--entity", entity.lei, "-o", str(target)])
        == 0
    )
    document = json.loads(target.read_text())
    assert document["filters"]["entity"] == entity.pk
    ids = {(e["record_type"], e["record_id"]) for e in document["events"]}
    assert ("core.businessfunction", str(mine.pk)) in ids
    assert ("core.businessfunction", str(theirs.pk)) not in ids
    for event in document["events"]:  # each exported event checks on its own
        payload = {
            k: event[k]
            for k in audit.event_payload(AuditEvent.objects.get(sequence=event["sequence"]))
        }
        assert audit.compute_hash(event["prev_hash"], payload) == event["hash"]
    capsys.readouterr()
    assert (
        midora(["audit", "export", "--format", "csv", "--from", "2000-01-01", "--to", "2000-01-02"])
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows == []
    assert midora(["audit", "export", "--format", "csv", "--from", "someday"]) == 2
    assert "from must be a date" in capsys.readouterr().err
