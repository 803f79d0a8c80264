"""Intake holds SQLite's write lock briefly: what can be read or computed happens before it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .app_fixtures import record

# Statements from BEGIN IMMEDIATE to COMMIT: the lock-free part (scope, links, facts, the
# classification itself, validation) stays outside. Inside remain BEGIN, the numbering read,
# the inserts of incident, revision and classification, one read of the audit chain's head,
# one insert of both events and one of their entity index rows, and COMMIT. After COMMIT
# nothing: the alert check that the first intake queued has not started yet, and reads this one
# (tests/notifications/test_alert_check_queue.py).
MAX_STATEMENTS_UNDER_LOCK = 9
MAX_STATEMENTS = 12
CHAIN_HEAD = 'FROM "core_auditevent" ORDER BY'


def _statements(compliance_user, entity) -> list[str]:
    record(compliance_user, entity, title="first")  # warm caches (content types, offerings)
    with CaptureQueriesContext(connection) as ctx:
        incident = record(compliance_user, entity, title="second")
    assert incident.is_major and incident.classifications.count() == 1
    assert incident.reference == "INC-2025-0002"
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.django_db(transaction=True)
def test_intake_statements_inside_the_write_transaction(compliance_user, entity):
    sqls = _statements(compliance_user, entity)
    # PostgreSQL locks the entity's row for the numbering and serialises chain writers with an
    # advisory lock; SQLite's BEGIN IMMEDIATE already holds the writer's lock.
    locks = [s for s in sqls if "pg_advisory_xact_lock" in s or s.endswith("FOR UPDATE")]
    assert len(locks) == (2 if connection.vendor == "postgresql" else 0), sqls
    assert len(sqls) - len(locks) <= MAX_STATEMENTS, sqls
    assert not any("SAVEPOINT" in s for s in sqls), sqls
    assert sum(CHAIN_HEAD in s for s in sqls) == 1, sqls
    assert not any("django_tasks_database_dbtaskresult" in s for s in sqls), sqls
    if connection.vendor == "sqlite":  # PostgreSQL opens its transaction without a statement
        begin = [i for i, sql in enumerate(sqls) if sql.startswith("BEGIN")]
        assert len(begin) == 1, sqls
        commit = next(i for i, sql in enumerate(sqls) if sql.startswith("COMMIT"))
        under_lock = sqls[begin[0] : commit + 1]
        assert len(under_lock) <= MAX_STATEMENTS_UNDER_LOCK, under_lock
        reads = [s for s in under_lock if s.startswith("SELECT")]
        assert len(reads) == 2, reads  # the numbering and the chain head
        assert CHAIN_HEAD in reads[1] and "LIMIT 1" in reads[1], reads


@pytest.mark.django_db(transaction=True)
def test_intake_writes_one_event_per_record_on_the_chain(compliance_user, entity):
    from midora.core import audit
    from midora.core.models import AuditEvent, AuditEventEntity

    before = AuditEvent.objects.count()
    incident = record(compliance_user, entity, title="chained")
    events = list(AuditEvent.objects.filter(sequence__gt=before).order_by("sequence"))
    assert [(e.record_type, e.action) for e in events] == [
        ("incidents.incident", "create"),
        ("incidents.classification", "create"),
    ]
    assert events[0].record_id == str(incident.pk)
    assert events[1].prev_hash == events[0].hash
    # both indexed under the incident's entity (the classification through its incident)
    linked = AuditEventEntity.objects.filter(event__in=events).values_list("event_id", "entity_id")
    assert sorted(linked) == sorted((e.pk, entity.pk) for e in events)
    assert audit.verify_chain().intact


@pytest.mark.django_db
def test_links_of_a_new_incident_are_part_of_its_create_event(compliance_user, entity):
    from midora.core.models import AuditEvent, BusinessFunction

    functions = [
        BusinessFunction.objects.create(entity=entity, identifier=f"F-{n}", name="Custody")
        for n in (1, 2)
    ]
    incident = record(compliance_user, entity, function_ids=[f.pk for f in functions])
    assert sorted(incident.functions.values_list("pk", flat=True)) == [f.pk for f in functions]
    events = AuditEvent.objects.filter(record_type="incidents.incident", record_id=incident.pk)
    assert [(e.action, e.changes["functions"]) for e in events] == [
        ("create", [f.pk for f in functions])
    ]


@pytest.mark.django_db
def test_numbering_follows_the_greatest_number_whatever_its_width(compliance_user, entity):
    from midora.incidents.services.intake import next_reference

    for reference in ("INC-2025-9999", "INC-2025-10000", "INC-2025-imported-from-the-old-tool"):
        record(compliance_user, entity, reference=reference)
    assert next_reference(entity, 2025) == "INC-2025-10001"
    assert next_reference(entity, 2025, exact=True) == "INC-2025-10001"
    assert next_reference(entity, 2026) == "INC-2026-0001"
    assert record(compliance_user, entity).reference == "INC-2025-10001"


@pytest.mark.django_db
def test_numbering_reads_its_index_not_every_reference_of_the_entity(compliance_user, entity):
    """The widest, then greatest, references come in the order of the entity's reference-width
    index: the database neither reads nor sorts the entity's other references."""
    from django.db import transaction

    from midora.incidents.services.intake import widest_references

    for n in range(1, 4):
        record(compliance_user, entity, reference=f"INC-2025-{n:04d}")
    numbering = widest_references(entity.pk, "INC-2025-")[:10]
    assert [r for (r,) in numbering] == ["INC-2025-0003", "INC-2025-0002", "INC-2025-0001"]
    with transaction.atomic():
        if connection.vendor == "postgresql":  # a small table: ask for the index path
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute("SET LOCAL enable_sort = off")
        plan = numbering.explain()
    assert "incident_reference_width" in plan, plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan


@pytest.mark.django_db(transaction=True)
def test_concurrent_intakes_number_once_and_keep_the_chain_linear(entity, other_entity):
    """Six writers on two entities at once: each entity numbered without a gap or a repeat,
    and one linear trail (the numbering lock is per entity, the chain's lock is global)."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers are checked on PostgreSQL (SQLite serialises writers)")
    from midora.core import audit
    from midora.core.choices import Role
    from midora.incidents.models import Incident
    from tests.concurrent import run_writers
    from tests.factories import make_user

    user = make_user("both", Role.COMPLIANCE_MANAGER, [entity, other_entity])

    def write(worker: int) -> None:
        for n in range(4):
            target = entity if (worker + n) % 2 else other_entity
            record(user, target, title=f"worker {worker} incident {n}")

    assert run_writers(6, write) == []
    for each in (entity, other_entity):
        references = sorted(
            Incident.objects.filter(entity=each).values_list("reference", flat=True)
        )
        assert references == [f"INC-2025-{n:04d}" for n in range(1, 13)]
    result = audit.verify_chain()
    assert result.intact, result.first_break
