"""Audit trail: events for every change, the hash chain, and tamper detection by `midora audit verify`."""

import pytest
from django.db import connection

from midora.cli import main as midora
from midora.core import audit
from midora.core.models import AuditEvent, BusinessFunction, LegalEntity
from tests.concurrent import run_writers
from tests.factories import make_entity

pytestmark = pytest.mark.django_db


def _function(entity, identifier="F-1"):
    return BusinessFunction.objects.create(entity=entity, identifier=identifier, name="Custody")


def test_create_update_delete_are_recorded_with_field_changes(entity):
    with audit.acting_as(audit.Actor("alice", source="cli")):
        function = _function(entity)
        function.name = "Custody operations"
        function.save()
        pk = function.pk
        function.delete()
    events = list(
        AuditEvent.objects.filter(record_type="core.businessfunction", record_id=str(pk)).order_by(
            "sequence"
        )
    )
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert events[1].changes == {"name": ["Custody", "Custody operations"]}
    assert {e.actor for e in events} == {"alice"} and {e.source for e in events} == {"cli"}
    assert events[2].changes["identifier"] == ["F-1", None]


def test_web_and_api_changes_name_the_user(compliance_user, entity, client_for, api_for):
    function = _function(entity)
    client_for(compliance_user).post(
        f"/functions/{function.pk}/edit/",
        {
            "entity": entity.pk,
            "identifier": "F-1",
            "name": "Renamed on web",
            "criticality": "not_critical",
            "version": 1,
        },
    )
    api_for(compliance_user).patch(
        f"/api/functions/{function.pk}",
        {"version": 2, "name": "Renamed by API"},
        content_type="application/json",
    )
    events = audit.history(function).order_by("sequence")
    assert [(e.actor, e.source, e.changes.get("name", [None, None])[1]) for e in events][1:] == [
        ("compliance", "web", "Renamed on web"),
        ("compliance", "api", "Renamed by API"),
    ]


def test_chain_verifies(entity, capsys):
    for n in range(5):
        _function(entity, f"F-{n}")
    assert midora(["audit", "verify"]) == 0
    assert "intact" in capsys.readouterr().out


def _break_and_verify(capsys, mutate):
    mutate()
    code = midora(["audit", "verify"])
    return code, capsys.readouterr().err


def _rows(entity):
    for n in range(4):
        _function(entity, f"F-{n}")
    return list(AuditEvent.objects.order_by("sequence"))


def test_edited_row_is_detected(entity, capsys):
    events = _rows(entity)
    target = events[2]
    code, err = _break_and_verify(
        capsys, lambda: AuditEvent.objects.filter(pk=target.pk).update(actor="mallory")
    )
    assert code == 1
    assert f"event #{target.sequence}" in err and "edited" in err


def test_deleted_row_is_detected(entity, capsys):
    events = _rows(entity)
    target = events[2]
    code, err = _break_and_verify(capsys, lambda: AuditEvent.objects.filter(pk=target.pk).delete())
    assert code == 1
    assert f"events {target.sequence}..{target.sequence}" in err and "missing" in err


def test_inserted_row_is_detected(entity, capsys):
    events = _rows(entity)

    def insert():
        # shift the tail by one and slip a forged event in, as someone with database access could
        with connection.cursor() as cursor:
            table = AuditEvent._meta.db_table
            for event in reversed(events[2:]):
                cursor.execute(
                    f"UPDATE {table} SET sequence = sequence + 1 WHERE id = %s", [event.pk]
                )
        forged = AuditEvent(
            sequence=events[2].sequence,
            occurred_at=events[2].occurred_at,
            actor="mallory",
            source="web",
            action="delete",
            record_type="core.legalentity",
            record_id="1",
            record_label="x",
            changes={},
            prev_hash=events[1].hash,
        )
        forged.hash = audit.compute_hash(forged.prev_hash, audit.event_payload(forged))
        forged.save()

    code, err = _break_and_verify(capsys, insert)
    assert code == 1
    assert f"event #{events[2].sequence + 1}" in err and "previous-hash" in err


@pytest.mark.django_db(transaction=True)
def test_chain_stays_linear_under_concurrent_writers():
    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrent writers are checked on PostgreSQL (SQLite serialises writers by design)"
        )
    before = AuditEvent.objects.count()  # the shipped reference data's events, if not flushed
    entity = make_entity("Concurrent CASP", "FR")

    def write(worker):
        for n in range(15):
            BusinessFunction.objects.create(
                entity_id=entity.pk, identifier=f"W{worker}-{n}", name="x"
            )

    assert run_writers(6, write) == []
    result = audit.verify_chain()
    assert result.intact, result.first_break
    assert result.events == AuditEvent.objects.count() == before + 1 + 6 * 15
    assert LegalEntity.objects.count() == 1


def test_reindex_links_each_event_once_per_entity(entity):
    from midora.core.audit_scope import rebuild_index
    from midora.core.models import AuditEventEntity

    with audit.acting_as(audit.Actor("alice", source="cli")):
        for n in range(3):
            function = _function(entity, identifier=f"F-{n}")
            function.name = "Custody operations"
            function.save()
    function_events = AuditEvent.objects.filter(record_type="core.businessfunction")
    before = set(AuditEventEntity.objects.values_list("event_id", "entity_id"))

    linked = rebuild_index()

    after = set(AuditEventEntity.objects.values_list("event_id", "entity_id"))
    assert linked == AuditEventEntity.objects.count() == len(after)
    assert {(e.pk, entity.pk) for e in function_events} <= after
    assert after == before
