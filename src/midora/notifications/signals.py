"""After a change to a record that a provider watches, run the alert check soon (not only at the
next periodic run): an incident classified as major alerts at once."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from midora.core.due_registry import providers

_watched: set[str] | None = None


def watched() -> set[str]:
    global _watched
    if _watched is None:
        _watched = {label.lower() for p in providers() for label in p.watch}
    return _watched


def _enqueue_check() -> None:
    from django_tasks_db.models import DBTaskResult

    from midora.notifications.tasks import check_alerts

    waiting = DBTaskResult.objects.ready().filter(task_path=check_alerts.module_path).exists()
    if not waiting:
        check_alerts.enqueue()


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
