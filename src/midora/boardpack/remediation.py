"""The board remediation view: gaps needing funding, an owner or a risk acceptance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.utils import timezone

from midora.core import permissions
from midora.governance.models import Action
from midora.ictrisk.matrix_config import active_matrix
from midora.ictrisk.models import Risk, RiskAcceptance


@dataclass(frozen=True)
class BoardView:
    needs_funding: list[Action]
    funding_total: Decimal
    needs_owner: list[Action]
    needs_acceptance: list[Any]
    needs_acceptance_count: int
    expiring_acceptances: list[Any]
    overdue: list[Action]


def board_view(user: Any, today: dt.date | None = None, limit: int = 100) -> BoardView:
    """DORA Art. 5(2): gaps for the management body — funding, ownership, risk acceptance."""
    today = today or timezone.localdate()
    actions = permissions.board_scope(user, Action.objects.unfinished()).select_related(
        "entity", "owner"
    )
    funding = actions.filter(budget_needed__gt=0, budget_approved=False).order_by(
        "-budget_needed", "pk"
    )
    matrix = active_matrix()
    above = Q(pk__in=[])
    for row in matrix.heatmap([]).rows:
        for cell in row:
            if cell.score > matrix.appetite_max_score:
                above |= Q(residual_likelihood=cell.likelihood, residual_impact=cell.impact)
    candidates = permissions.board_scope(user, Risk.objects.filter(above)).select_related(
        "entity", "owner"
    )
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
            permissions.board_scope(user, RiskAcceptance.objects.filter(approved=True))
            .filter(valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=30))
            .select_related("risk", "risk__entity")[:limit]
        ),
        overdue=list(actions.filter(due_date__lt=today).order_by("due_date", "pk")[:limit]),
    )
