"""Intake holds SQLite's write lock briefly: what can be read or computed happens before it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .app_fixtures import record

# Statements from BEGIN IMMEDIATE to COMMIT: the lock-free part (scope, links, facts, the
# classification itself, validation) must stay outside. Inside remain the numbering, the
# inserts of incident, revision and classification, and the audit events of core's TrackedModel.
MAX_STATEMENTS_UNDER_LOCK = 19
MAX_STATEMENTS = 24


@pytest.mark.django_db(transaction=True)
def test_intake_statements_inside_the_write_transaction(compliance_user, entity):
    record(compliance_user, entity, title="first")  # warm caches (content types, offerings)
    with CaptureQueriesContext(connection) as ctx:
        incident = record(compliance_user, entity, title="second")
    assert incident.is_major and incident.classifications.count() == 1
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert len(sqls) <= MAX_STATEMENTS, sqls
    begin = [i for i, sql in enumerate(sqls) if sql.startswith("BEGIN")]
    if connection.vendor == "sqlite":  # PostgreSQL opens its transaction without a statement
        assert len(begin) == 1, sqls
        under_lock = sqls[begin[0] :]
        assert len(under_lock) <= MAX_STATEMENTS_UNDER_LOCK, under_lock
        assert not any(
            "incidents_classification" in s and s.startswith("SELECT") for s in under_lock
        )
