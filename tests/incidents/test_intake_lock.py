"""Intake holds SQLite's write lock briefly: what can be read or computed happens before it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .app_fixtures import record

# Statements from BEGIN IMMEDIATE to COMMIT: the lock-free part (scope, links, facts, the
# classification itself, validation) must stay outside. Inside remain the numbering, the
# inserts of incident, revision and classification, and the audit events of core's TrackedModel
# with their entity index rows. After COMMIT the alert check looks for a queued task (2 reads).
MAX_STATEMENTS_UNDER_LOCK = 22
MAX_STATEMENTS = 27
# PostgreSQL serialises chain writers with an advisory lock, one statement per audited write
# (incident and classification); SQLite's BEGIN IMMEDIATE already holds the writer's lock.
ADVISORY_LOCKS = 2


@pytest.mark.django_db(transaction=True)
def test_intake_statements_inside_the_write_transaction(compliance_user, entity):
    record(compliance_user, entity, title="first")  # warm caches (content types, offerings)
    with CaptureQueriesContext(connection) as ctx:
        incident = record(compliance_user, entity, title="second")
    assert incident.is_major and incident.classifications.count() == 1
    sqls = [q["sql"] for q in ctx.captured_queries]
    advisory = sum("pg_advisory_xact_lock" in sql for sql in sqls)
    assert advisory == (ADVISORY_LOCKS if connection.vendor == "postgresql" else 0), sqls
    assert len(sqls) - advisory <= MAX_STATEMENTS, sqls
    begin = [i for i, sql in enumerate(sqls) if sql.startswith("BEGIN")]
    if connection.vendor == "sqlite":  # PostgreSQL opens its transaction without a statement
        assert len(begin) == 1, sqls
        commit = next(i for i, sql in enumerate(sqls) if sql.startswith("COMMIT"))
        under_lock = sqls[begin[0] : commit + 1]
        assert len(under_lock) <= MAX_STATEMENTS_UNDER_LOCK, under_lock
        assert not any(
            "incidents_classification" in s
            and s.startswith("SELECT")
            and '"incident__entity"' not in s  # the audit event's entity index lookup
            for s in under_lock
        )
