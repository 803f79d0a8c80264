"""What falls due in governance: overdue remediation actions, and budgets awaiting the
management body's decision (DORA Art. 5(2))."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from midora.core.due_registry import DueItem, DueProvider, EventType, day_end, owner_of
from midora.core.engine.numbers import DEFAULT_CURRENCY
from midora.core.engine.sentences import Figure, Sentence

EVENTS = (
    EventType("action.overdue", _("Remediation action overdue"), section="actions"),
    EventType(
        "action.budget_decision",
        _("Budget decision needed"),
        overdue=False,
        section="decisions",
        alert=False,
    ),
)


def items(now: dt.datetime, horizon: dt.timedelta) -> Iterator[DueItem]:
    from midora.governance.models import Action

    today = now.date()
    open_actions = Action.objects.unfinished()
    for action in open_actions.filter(due_date__lt=today).iterator(chunk_size=2000):
        yield DueItem(
            key=f"governance.action:{action.pk}:overdue:{action.due_date.isoformat()}",
            event="action.overdue",
            title=Sentence(
                gettext_noop("Action “%(title)s” overdue since %(date)s"),
                title=action.title,
                date=action.due_date.isoformat(),
            ),
            url=reverse("governance:action_detail", args=[action.pk]),
            entity_id=action.entity_id,
            due_at=day_end(action.due_date),
            owner_ids=owner_of(action),
            detail=action.get_priority_display(),
        )
    for action in open_actions.filter(budget_needed__gt=0, budget_approved=False):
        yield DueItem(
            key=f"governance.action:{action.pk}:budget",
            event="action.budget_decision",
            title=Sentence(
                gettext_noop("Approve a budget of %(amount)s for “%(title)s”"),
                amount=Figure(action.budget_needed, currency=DEFAULT_CURRENCY),
                title=action.title,
            ),
            url=reverse("governance:action_detail", args=[action.pk]),
            entity_id=action.entity_id,
            due_at=day_end(action.due_date) if action.due_date else None,
            owner_ids=owner_of(action),
            board=True,
        )


PROVIDER = DueProvider("governance", EVENTS, items)
