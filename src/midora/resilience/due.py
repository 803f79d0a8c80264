"""What falls due in resilience: planned tests and exercises (DORA Art. 24-25)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from midora.core.due_registry import DueItem, DueProvider, EventType, day_end, owner_of
from midora.core.engine.sentences import Sentence

D = dt.timedelta(days=1)
EVENTS = (
    EventType(
        "resilience.test_due", _("Resilience test due"), leads=(14 * D, 1 * D), section="reviews"
    ),
)


def items(now: dt.datetime, horizon: dt.timedelta) -> Iterator[DueItem]:
    from midora.resilience.choices import TestStatus
    from midora.resilience.models import ResilienceTest

    until = (now + horizon).date()
    for test in ResilienceTest.objects.filter(
        status=TestStatus.PLANNED, planned_date__lte=until
    ).iterator(chunk_size=2000):
        late = test.planned_date < now.date()
        yield DueItem(
            key=f"resilience.resiliencetest:{test.pk}:{test.planned_date.isoformat()}",
            event="resilience.test_due",
            title=Sentence(
                gettext_noop("Test “%(title)s” was planned for %(date)s")
                if late
                else gettext_noop("Test “%(title)s” planned for %(date)s"),
                title=test.title,
                date=test.planned_date.isoformat(),
            ),
            url=test.get_absolute_url(),
            entity_id=test.entity_id,
            due_at=day_end(test.planned_date),
            owner_ids=owner_of(test),
        )


PROVIDER = DueProvider("resilience", EVENTS, items)
