"""What falls due in compliance: evidence to review before its review date, and stale evidence
(DORA Art. 6(5); MiCA Art. 68(9))."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_noop

from midora.compliance.engine.freshness import EvidenceState, state_on
from midora.core.due_registry import DueItem, DueProvider, EventType, day_end, owner_of
from midora.core.engine.sentences import Sentence

D = dt.timedelta(days=1)
EVENTS = (
    EventType(
        "evidence.review_due",
        "Evidence review due",
        leads=(30 * D, 7 * D),
        overdue=False,
        section="evidence",
    ),
    EventType("evidence.stale", "Evidence stale", at_once=True, section="evidence"),
)


def items(now: dt.datetime, horizon: dt.timedelta) -> Iterator[DueItem]:
    from midora.compliance.models import Evidence

    today = now.date()
    # every item falling due by the horizon's day, stale ones included (the check below is exact)
    last_day = (now + horizon).astimezone(dt.UTC).date()
    due = Evidence.objects.filter(review_due_on__lte=last_day)
    for evidence in due.only("pk", "title", "entity_id", "owner_id", "review_due_on").iterator(
        chunk_size=2000
    ):
        due_on = evidence.review_due_on
        url = reverse("compliance:evidence_detail", args=[evidence.pk])
        owners = owner_of(evidence)
        if state_on(due_on, today) is EvidenceState.STALE:
            yield DueItem(
                key=f"compliance.evidence:{evidence.pk}:stale:{due_on.isoformat()}",
                event="evidence.stale",
                title=Sentence(
                    gettext_noop("Evidence “%(title)s” is stale (review was due %(date)s)"),
                    title=evidence.title,
                    date=due_on.isoformat(),
                ),
                url=url,
                entity_id=evidence.entity_id,
                due_at=day_end(due_on),
                owner_ids=owners,
            )
        elif day_end(due_on) - now <= horizon:
            yield DueItem(
                key=f"compliance.evidence:{evidence.pk}:review:{due_on.isoformat()}",
                event="evidence.review_due",
                title=Sentence(
                    gettext_noop("Review evidence “%(title)s” by %(date)s"),
                    title=evidence.title,
                    date=due_on.isoformat(),
                ),
                url=url,
                entity_id=evidence.entity_id,
                due_at=day_end(due_on),
                owner_ids=owners,
            )


PROVIDER = DueProvider("compliance", EVENTS, items)
