"""A change to a watched record makes sure that an alert check starts after its commit: one
check, queued to start a moment later, serves every change committed before it starts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from midora.notifications import signals
from midora.notifications.tasks import check_alerts
from tests.incidents.app_fixtures import record

# each intake commits: what its commit runs is what a web request runs
pytestmark = pytest.mark.django_db(transaction=True)


def _checks() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=check_alerts.module_path))


def _record(user, entity, title: str) -> list[str]:
    """Record an incident; the statements of the alert queue, after its commit."""
    with CaptureQueriesContext(connection) as ctx:
        record(user, entity, title=title)
    return [q["sql"] for q in ctx.captured_queries if "dbtaskresult" in q["sql"]]


def test_a_burst_of_changes_shares_one_check_that_starts_after_them(compliance_user, entity):
    before = timezone.now()
    assert _record(compliance_user, entity, "first")
    [check] = _checks()
    assert check.status == TaskResultStatus.READY
    assert before + signals.GATHER <= check.run_after <= timezone.now() + signals.GATHER
    # until it may start, it reads every later change: no look at the queue, nothing queued
    assert _record(compliance_user, entity, "second") == []
    assert [c.pk for c in _checks()] == [check.pk]


def test_a_waiting_check_seen_in_the_queue_serves_the_change(compliance_user, entity):
    waiting = check_alerts.using(run_after=timezone.now() + dt.timedelta(minutes=1)).enqueue()
    assert _record(compliance_user, entity, "first")
    assert [str(c.pk) for c in _checks()] == [str(waiting.id)]
    # its start time is kept: the next change looks at nothing
    assert _record(compliance_user, entity, "second") == []


def test_a_change_after_the_check_started_queues_another(compliance_user, entity):
    _record(compliance_user, entity, "first")
    [started] = _checks()
    # the check's start time has come and the worker claimed it: it may not read a later change
    DBTaskResult.objects.filter(pk=started.pk).update(
        status=TaskResultStatus.RUNNING, run_after=timezone.now() - dt.timedelta(seconds=1)
    )
    signals._waiting_until = timezone.now() - dt.timedelta(milliseconds=1)
    assert _record(compliance_user, entity, "second")
    queued = [c for c in _checks() if c.pk != started.pk]
    assert [c.status for c in queued] == [TaskResultStatus.READY]


def test_a_check_ready_to_be_claimed_serves_the_change_but_is_not_remembered(
    compliance_user, entity
):
    ready = check_alerts.enqueue()  # no start time: the worker may claim it at any moment
    assert _record(compliance_user, entity, "first")
    assert [str(c.pk) for c in _checks()] == [str(ready.id)]
    assert _record(compliance_user, entity, "second")
