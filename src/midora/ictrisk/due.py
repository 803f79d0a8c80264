"""What falls due in ICT risk: risk acceptances expiring (RTS 2024/1774 Art. 3(d)); renewing one
is a decision for the management body."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from midora.core.due_registry import DueItem, DueProvider, EventType, day_end
from midora.core.engine.sentences import Sentence

D = dt.timedelta(days=1)
EVENTS = (
    EventType(
        "risk.acceptance_expiring",
        _("Risk acceptance expiring or expired"),
        leads=(30 * D, 7 * D),
        section="acceptances",
    ),
)
EXPIRED_SHOWN = dt.timedelta(days=30)


def items(now: dt.datetime, horizon: dt.timedelta) -> Iterator[DueItem]:
    from midora.ictrisk.models import RiskAcceptance

    today = now.date()
    latest = (
        RiskAcceptance.objects.filter(approved=True)
        .values("risk_id")
        .annotate(last=Max("valid_until"))
    )
    window = RiskAcceptance.objects.filter(
        approved=True,
        valid_until__gte=today - EXPIRED_SHOWN,
        valid_until__lte=(now + horizon).date(),
    ).select_related("risk")
    last_of = {row["risk_id"]: row["last"] for row in latest}
    for acceptance in window:
        if last_of.get(acceptance.risk_id) != acceptance.valid_until:
            continue  # renewed by a later acceptance
        risk = acceptance.risk
        yield DueItem(
            key=f"ictrisk.riskacceptance:{acceptance.pk}:expiry",
            event="risk.acceptance_expiring",
            title=Sentence(
                gettext_noop("Acceptance of risk %(reference)s expired on %(date)s")
                if acceptance.valid_until < today
                else gettext_noop("Acceptance of risk %(reference)s expires on %(date)s"),
                reference=risk.reference,
                date=acceptance.valid_until.isoformat(),
            ),
            url=reverse("ictrisk:riskacceptance_detail", args=[acceptance.pk]),
            entity_id=risk.entity_id,
            due_at=day_end(acceptance.valid_until),
            owner_ids=tuple(i for i in (acceptance.owner_id, risk.owner_id) if i),
            detail="Renew or end the acceptance (a decision of the management body).",
            board=acceptance.authority == "management_body",
        )


PROVIDER = DueProvider("ictrisk", EVENTS, items)
