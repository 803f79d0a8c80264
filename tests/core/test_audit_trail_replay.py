"""`midora audit verify` reads the trail once: the chain and the rows are judged in one pass, and
a record type's replayed states are dropped as soon as its last event has been read."""

from __future__ import annotations

import pytest

from midora.core.audit_rows import TrailReplay, verify_trail
from midora.core.models import AuditEvent, BusinessFunction, LegalEntity
from tests.factories import make_entity

pytestmark = pytest.mark.django_db


def _records() -> tuple[LegalEntity, BusinessFunction]:
    entity = make_entity("Replay SAS")
    function = BusinessFunction.objects.create(entity=entity, identifier="F-1", name="Custody")
    function.name = "Custody of client keys"
    function.save()
    return entity, function


def test_a_record_types_states_are_dropped_after_its_last_event():
    _records()
    replay = TrailReplay()
    assert "core.legalentity" in replay.states
    last_entity_event = (
        AuditEvent.objects.filter(record_type="core.legalentity").order_by("-sequence").first()
    )
    for row in AuditEvent.objects.order_by("sequence").values_list(
        "sequence", "record_type", "record_id", "action", "changes"
    ):
        assert list(replay.apply(*row)) == []
        if row[0] == last_entity_event.sequence:
            assert "core.legalentity" not in replay.states
            assert "core.businessfunction" in replay.states
    assert list(replay.finish()) == []
    assert replay.states == {}


def test_one_pass_names_a_changed_row_and_a_broken_chain():
    _, function = _records()
    found = []
    assert verify_trail(found.append).intact and found == []

    BusinessFunction.objects.filter(pk=function.pk).update(name="Renamed behind midora's back")
    result = verify_trail(found.append)
    assert result.intact
    assert [(d.record_type, d.record_id, d.field) for d in found] == [
        ("core.businessfunction", str(function.pk), "name")
    ]

    first = AuditEvent.objects.order_by("sequence").first()
    AuditEvent.objects.filter(pk=first.pk).update(actor="someone else")
    broken = verify_trail([].append)
    assert not broken.intact and broken.first_break.sequence == first.sequence
