"""After a change to a record that a provider watches, run the alert check soon (not only at the
next periodic run): an incident classified as major alerts at once.

A check is queued to start a moment after the change (`GATHER`): every change committed until
it starts is read by it, so a burst of changes (an intake from a SIEM, an import) shares one
check instead of the worker running one after the other. A web process that queued a check, or
saw one waiting, knows it cannot start before its `run_after`: until then its changes need no
look at the queue. The worker compares `run_after` with its own clock: the hosts of one
installation keep their clocks in step (and the periodic check runs every 5 minutes anyway).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from midora.core.compiled_reads import CompiledRead
from midora.core.due_registry import providers

# how long after a change its check starts (the worker looks at its queue every 2 s anyway)
GATHER = dt.timedelta(seconds=1)

_watched: set[str] | None = None
# the start time of a check known to wait in the queue: changes committed before it are read
_waiting_until: dt.datetime | None = None


def watched() -> set[str]:
    global _watched
    if _watched is None:
        _watched = {label.lower() for p in providers() for label in p.watch}
    return _watched


def _latest_waiting(*, path: str) -> QuerySet:
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=path)
    return rows.order_by("-run_after").values_list("run_after")[:1]


_waiting_checks = CompiledRead(_latest_waiting)  # read after the commit of every change


def _enqueue_check() -> None:
    """Make sure that a check starts after this commit: one waits in the queue, or is queued."""
    global _waiting_until
    from django_tasks_db.models import get_date_max

    from midora.notifications.tasks import check_alerts

    now = timezone.now()
    if _waiting_until is not None and now < _waiting_until:
        return
    waiting = _waiting_checks(path=check_alerts.module_path)
    start = waiting[0][0] if waiting else None
    if start is None:
        start = now + GATHER
        check_alerts.using(run_after=start).enqueue()
    # a check without a start time may be claimed at any moment: nothing to keep
    _waiting_until = start if start != get_date_max() else None


def forget_waiting_check() -> None:
    """Look at the queue on the next change (the queue was emptied behind this process)."""
    global _waiting_until
    _waiting_until = None


@receiver(post_save, dispatch_uid="notifications-watch")
def record_saved(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    if sender._meta.label_lower in watched() and not _check_pending():
        transaction.on_commit(_enqueue_check)


def _check_pending() -> bool:
    """Whether this transaction already runs the check when it commits (an incident and its
    classification saved together look for a queued check once)."""
    connection = transaction.get_connection()
    return connection.in_atomic_block and any(
        func is _enqueue_check for _sids, func, _robust in connection.run_on_commit
    )
