"""Action list figures: totals per source and the burn-down."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext

from midora.governance.engine import burndown as engine
from midora.governance.engine.sources import category_of, source_label
from midora.governance.models import FINISHED_STATUSES

_STATUS = {
    "open": engine.ActionStatus.OPEN,
    "in_progress": engine.ActionStatus.IN_PROGRESS,
    "done": engine.ActionStatus.CLOSED,
    "cancelled": engine.ActionStatus.CANCELLED,
}


@dataclass(frozen=True)
class SourceRow:
    source_type: str
    label: str
    total: int
    open: int
    finished: int
    overdue: int
    budget_needed: Decimal


def by_source(actions: QuerySet, today: dt.date | None = None) -> list[SourceRow]:
    """Every source_type present, whichever app opened the actions (one GROUP BY)."""
    today = today or timezone.localdate()
    unfinished = ~Q(status__in=FINISHED_STATUSES)
    rows = (
        actions.order_by()
        .values("source_type")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=unfinished),
            finished=Count("pk", filter=Q(status__in=FINISHED_STATUSES)),
            overdue=Count("pk", filter=unfinished & Q(due_date__lt=today)),
            budget=Sum("budget_needed", filter=unfinished),
        )
    )
    result = [
        SourceRow(
            r["source_type"],
            source_label(r["source_type"], gettext),
            r["total"],
            r["open"],
            r["finished"],
            r["overdue"],
            r["budget"] or Decimal(0),
        )
        for r in rows
    ]
    return sorted(result, key=lambda row: (-row.open, row.label))


def as_engine_action(action: Any) -> engine.Action:
    """An Action record as the burn-down engine's dataclass."""
    created = timezone.localdate(action.created_at) if action.created_at else timezone.localdate()
    status = _STATUS[action.status]
    closed = None
    if status in (engine.ActionStatus.CLOSED, engine.ActionStatus.CANCELLED):
        closed = max(action.closed_date or timezone.localdate(action.updated_at), created)
    return engine.Action(
        id=str(action.pk),
        created_on=created,
        due_on=max(action.due_date or created, created),
        status=status,
        priority=action.priority,
        # The burn-down counts open and overdue actions whatever their source; a source_type no
        # category knows is counted under assessment gaps only inside this dataclass.
        source_type=category_of(action.source_type) or engine.SourceType.ASSESSMENT_GAP,
        closed_on=closed,
    )


def burndown_points(
    actions: QuerySet, weeks: int = 26, today: dt.date | None = None
) -> list[engine.BurndownPoint]:
    """Open and overdue actions week by week over the last `weeks` weeks, up to today."""
    today = today or timezone.localdate()
    start = today - dt.timedelta(weeks=weeks)
    items = [
        as_engine_action(a)
        for a in actions.only(
            "pk",
            "created_at",
            "updated_at",
            "status",
            "due_date",
            "closed_date",
            "priority",
            "source_type",
        ).iterator(chunk_size=5000)
    ]
    return engine.burndown(items, start, today)
