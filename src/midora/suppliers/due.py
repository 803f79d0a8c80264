"""What falls due for the Register of Information: its annual reference date (31 December,
DORA Art. 28(3)) approaching for each entity in DORA scope. The alert links the register page at
that date, the one its export and checks will use once the date has passed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_noop

from midora.core.due_registry import DueItem, DueProvider, EventType, day_end
from midora.core.engine.sentences import Sentence
from midora.suppliers.roi.dates import next_reference_date

D = dt.timedelta(days=1)
EVENTS = (
    EventType(
        "roi.reference_date",
        "Register of Information reference date approaching",
        leads=(30 * D, 7 * D),
        overdue=False,
        section="reviews",
    ),
)


def items(now: dt.datetime, horizon: dt.timedelta) -> Iterator[DueItem]:
    from midora.core.models import LegalEntity

    ref = next_reference_date(now.date())
    if day_end(ref) - now > horizon:
        return
    for entity in LegalEntity.objects.filter(dora_in_scope=True).only("pk", "name"):
        yield DueItem(
            key=f"suppliers.roi:{entity.pk}:{ref.isoformat()}",
            event="roi.reference_date",
            title=Sentence(
                gettext_noop("Register of Information of %(entity)s: reference date %(date)s"),
                entity=entity.name,
                date=ref.isoformat(),
            ),
            url=f"{reverse('suppliers:roi')}?entity={entity.pk}&date={ref.isoformat()}",
            entity_id=entity.pk,
            due_at=day_end(ref),
        )


PROVIDER = DueProvider("suppliers", EVENTS, items)
