"""The alert check: every due item that has reached a lead time becomes one alert per person
who may see it, then one delivery per chosen channel, each sent by a task."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import IntegrityError, transaction

from midora.core.due_registry import DueItem, EventType, due_items, event_types
from midora.core.engine.sentences import Sentence
from midora.jobs.periodic import register
from midora.notifications.audience import Audience
from midora.notifications.leads import parse_leads, reached_lead
from midora.notifications.models import Alert, Delivery

logger = logging.getLogger("midora.notifications")
CHECK_EVERY = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class CheckResult:
    items: int
    alerts: int
    deliveries: int


def configured_events() -> dict[str, EventType]:
    """The event types with lead times overridden by MIDORA_ALERT_LEADS."""
    overrides = parse_leads(settings.MIDORA_ALERT_LEADS)
    events = event_types()
    for key, leads in overrides.items():
        if key in events:
            event = events[key]
            events[key] = replace(event, leads=leads)
    return events


def horizon(events: dict[str, EventType]) -> dt.timedelta:
    return max((lead for e in events.values() for lead in e.leads), default=dt.timedelta(days=1))


def _create_alert(item: DueItem, lead: str, user, in_app: bool) -> Alert | None:
    try:
        with transaction.atomic():
            return Alert.objects.create(
                key=item.key,
                lead=lead,
                event=item.event,
                recipient=user,
                title=item.title[:300],
                title_sentence=item.title.as_json() if isinstance(item.title, Sentence) else None,
                url=item.url,
                entity_id=item.entity_id,
                due_at=item.due_at,
                in_app=in_app,
            )
    except IntegrityError:  # another worker raised it first
        return None


@register("notifications.alerts", every=CHECK_EVERY)
def run_checks(now: dt.datetime) -> CheckResult:
    """Raise the alerts due now; each (item, lead time, person) once, whatever runs it again."""
    from midora.notifications.tasks import deliver

    events = configured_events()
    items = due_items(now, horizon(events))
    sent = {
        (key, lead, user_id)
        for key, lead, user_id in Alert.objects.filter(key__in=[i.key for i in items]).values_list(
            "key", "lead", "recipient_id"
        )
    }
    audience = Audience()
    alerts = deliveries = 0
    for item in items:
        event = events.get(item.event)
        if event is None:
            logger.warning("due item %s has an unknown event type %s", item.key, item.event)
            continue
        if not event.alert:
            continue
        lead = reached_lead(
            item.due_at, now, event.leads, overdue=event.overdue, at_once=event.at_once
        )
        if lead is None:
            continue
        for user, channels in audience.recipients(item, event.owners_only):
            if (item.key, lead, user.pk) in sent:
                continue
            alert = _create_alert(item, lead, user, "in_app" in channels)
            if alert is None:
                continue
            alerts += 1
            created = []
            if "email" in channels and user.email and settings.MIDORA_EMAIL_URL:
                created.append(Delivery.objects.create(alert=alert, channel="email"))
            if "webhook" in channels:
                for endpoint in audience.endpoints_for(user, item.event):
                    created.append(
                        Delivery.objects.create(alert=alert, channel="webhook", endpoint=endpoint)
                    )
            for delivery in created:
                deliver.enqueue(delivery_id=delivery.pk)
            deliveries += len(created)
    return CheckResult(len(items), alerts, deliveries)
