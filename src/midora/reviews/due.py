"""What falls due in reviews: scheduled reviews (access, policy, provider, BCP/DR), and access
reviews waiting for sign-off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_noop

from midora.core.due_registry import DueItem, DueProvider, EventType, day_end, owner_of
from midora.core.engine.sentences import Sentence
from midora.core.sentences import label_sentence
from midora.reviews.choices import ReviewKind

D = dt.timedelta(days=1)
EVENTS = (
    EventType("review.due", "Recurring review due", leads=(14 * D, 1 * D), section="reviews"),
)


def items(now: dt.datetime, horizon: dt.timedelta) -> Iterator[DueItem]:
    from midora.reviews.models import ReviewSchedule

    until = (now + horizon).date()
    for schedule in ReviewSchedule.objects.filter(active=True, next_due__lte=until):
        late = schedule.next_due < now.date()
        yield DueItem(
            key=f"reviews.reviewschedule:{schedule.pk}:{schedule.next_due.isoformat()}",
            event="review.due",
            title=Sentence(
                gettext_noop("%(kind)s “%(title)s” overdue since %(date)s")
                if late
                else gettext_noop("%(kind)s “%(title)s” due %(date)s"),
                kind=label_sentence(ReviewKind(schedule.kind).label),
                title=schedule.title,
                date=schedule.next_due.isoformat(),
            ),
            url=reverse("reviews:reviewschedule_detail", args=[schedule.pk]),
            entity_id=schedule.entity_id,
            due_at=day_end(schedule.next_due),
            owner_ids=owner_of(schedule),
        )


PROVIDER = DueProvider("reviews", EVENTS, items)
