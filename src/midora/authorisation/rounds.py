"""The authority's rounds on a dossier: its timeline in the authority's working days, and what is
due when (MiCA Art. 63)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from midora.authorisation.choices import RequestStage
from midora.authorisation.engine.timeline import (
    Request,
    Timeline,
    application_timeline,
    working_days_left,
)
from midora.core.engine.calendars import AuthorityCalendar


def with_rounds(dossiers: QuerySet) -> QuerySet:
    """Dossiers with what their rounds read fetched alongside: the authority, its holiday
    overrides, the requests and the items each names."""
    return dossiers.select_related("entity__authority").prefetch_related(
        "entity__authority__holiday_overrides", "requests__items__requirement"
    )


def calendar_of(dossier: Any) -> AuthorityCalendar:
    """The authority's calendar (its country's public and bank holidays, its overrides)."""
    entity = dossier.entity
    if entity.authority_id:
        return entity.authority.calendar()
    return AuthorityCalendar.of(entity.country)


def timeline_for(dossier: Any, today: date | None = None) -> Timeline:
    requests = [
        Request(
            reference=r.reference,
            sent_on=r.sent_on,
            due_on=r.due_on,
            answered_on=r.answered_on,
            during_assessment=r.stage == RequestStage.ASSESSMENT,
        )
        for r in dossier.requests.all()
    ]
    return application_timeline(
        calendar_of(dossier),
        dossier.received_on,
        dossier.complete_on,
        requests,
        dossier.decided_on,
        today or timezone.localdate(),
        acknowledged_on=dossier.acknowledged_on,
        _=gettext,
    )


@dataclass(frozen=True)
class BoardRow:
    dossier: Any
    request: Any
    items: list[str]
    working_days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.working_days_left is not None and self.working_days_left < 0


def board(dossiers: Any, today: date | None = None) -> list[BoardRow]:
    """Open requests of the authorities, soonest due first, with working days left."""
    today = today or timezone.localdate()
    rows = []
    for dossier in dossiers:
        calendar = calendar_of(dossier)
        for request in dossier.requests.all():
            if request.answered_on is not None:
                continue
            left = working_days_left(calendar, today, request.due_on) if request.due_on else None
            refs = [i.requirement.ref for i in request.items.all()]
            rows.append(BoardRow(dossier, request, refs, left))
    return sorted(rows, key=lambda r: (r.request.due_on or date.max, r.request.pk))
