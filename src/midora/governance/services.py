"""Action list figures: totals per source, the burn-down and the board remediation view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from midora.core import permissions
from midora.governance import burndown as engine
from midora.governance.models import FINISHED_STATUSES, Action
from midora.governance.sources import category_of, source_label

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
            source_label(r["source_type"]),
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


@dataclass(frozen=True)
class BoardView:
    needs_funding: list[Action]
    funding_total: Decimal
    needs_owner: list[Action]
    needs_acceptance: list[Any]
    needs_acceptance_count: int
    expiring_acceptances: list[Any]
    overdue: list[Action]


def _board_scope(user: Any, queryset: QuerySet) -> QuerySet:
    """The user's granted entities; board members see the board view of theirs too."""
    if permissions.sees_all_entities(user):
        return queryset
    path = getattr(queryset.model, "scope_path", "entity")
    return queryset.filter(**{f"{path}__in": permissions.granted_entity_ids(user)})


def board_view(user: Any, today: dt.date | None = None, limit: int = 100) -> BoardView:
    """DORA Art. 5(2): gaps for the management body — funding, ownership, risk acceptance."""
    from midora.ictrisk.matrix_config import active_matrix
    from midora.ictrisk.models import Risk, RiskAcceptance

    today = today or timezone.localdate()
    actions = _board_scope(user, Action.objects.unfinished()).select_related("entity")
    funding = actions.filter(budget_needed__gt=0, budget_approved=False).order_by(
        "-budget_needed", "pk"
    )
    matrix = active_matrix()
    above = Q(pk__in=[])
    for row in matrix.heatmap([]).rows:
        for cell in row:
            if cell.score > matrix.appetite_max_score:
                above |= Q(residual_likelihood=cell.likelihood, residual_impact=cell.impact)
    candidates = _board_scope(user, Risk.objects.filter(above)).select_related("entity")
    not_accepted = candidates.exclude(treatment="accept")
    accepted = candidates.filter(treatment="accept")
    lapsed = [r for r in accepted.iterator(chunk_size=2000) if r.effective(today).back_in_treatment]
    needing = list(not_accepted.order_by("-residual_impact", "-residual_likelihood")[:limit])
    return BoardView(
        needs_funding=list(funding[:limit]),
        funding_total=funding.aggregate(total=Sum("budget_needed"))["total"] or Decimal(0),
        needs_owner=list(actions.filter(owner__isnull=True).order_by("due_date", "pk")[:limit]),
        needs_acceptance=(lapsed + needing)[:limit],
        needs_acceptance_count=not_accepted.count() + len(lapsed),
        expiring_acceptances=list(
            _board_scope(user, RiskAcceptance.objects.filter(approved=True))
            .filter(valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=30))
            .select_related("risk", "risk__entity")[:limit]
        ),
        overdue=list(actions.filter(due_date__lt=today).order_by("due_date", "pk")[:limit]),
    )
