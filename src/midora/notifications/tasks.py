"""Tasks run by `midora worker`: send one delivery (retried with back-off), run the alert check."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from midora.notifications.models import Delivery
from midora.notifications.senders import DeliveryError, send_email, send_webhook

# Waits before the 2nd, 3rd ... attempt; the delivery fails for good after the last.
BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=12),
)


@task()
def deliver(delivery_id: int) -> str:
    delivery = (
        Delivery.objects.select_related("alert__recipient__profile", "alert__entity", "endpoint")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or delivery.status in (Delivery.Status.SENT, Delivery.Status.SKIPPED):
        return "nothing to do"
    delivery.attempts += 1
    try:
        if delivery.channel == "email":
            send_email(delivery.alert)
        else:
            delivery.response_status = send_webhook(delivery.alert, delivery.endpoint, delivery.pk)
    except DeliveryError as exc:
        delivery.last_error = str(exc)[:2000]
        delivery.response_status = exc.status
        if exc.retry and delivery.attempts <= len(BACKOFF):
            delivery.status = Delivery.Status.RETRYING
            delivery.next_attempt_at = timezone.now() + BACKOFF[delivery.attempts - 1]
            delivery.save()
            deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery_id=delivery.pk)
        else:
            delivery.status = Delivery.Status.FAILED if exc.retry else Delivery.Status.SKIPPED
            delivery.next_attempt_at = None
            delivery.save()
        return delivery.status
    delivery.status = Delivery.Status.SENT
    delivery.sent_at = timezone.now()
    delivery.next_attempt_at = None
    delivery.last_error = ""
    delivery.save()
    return delivery.status


@task()
def check_alerts() -> int:
    """The alert check on demand (after a record changed), besides its periodic run."""
    from midora.notifications.checks import run_checks

    return run_checks(timezone.now()).alerts
