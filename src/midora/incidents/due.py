"""What falls due in incidents: the reports of major incidents (RTS-R Art 5), the alert at
classification as major, and reclassifications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from midora.core.due_registry import DueItem, DueProvider, EventType, owner_of
from midora.core.engine.sentences import Sentence
from midora.core.sentences import label_sentence

H = dt.timedelta(hours=1)
STAGE_LABEL = {
    "initial_notification": _("Initial notification"),
    "intermediate_report": _("Intermediate report"),
    "final_report": _("Final report"),
}
CHANGES = ("classify_as_major", "reclassify_as_non_major")
EVENTS = (
    EventType("incident.major", _("Incident classified as major"), at_once=True, section="reports"),
    EventType(
        "incident.report_due",
        _("Incident report due or overdue"),
        leads=(24 * H, 4 * H, 1 * H),
        section="reports",
    ),
    EventType("incident.reclassified", _("Incident reclassified"), at_once=True, section="reports"),
)


def _moment(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def items(now: dt.datetime, horizon: dt.timedelta) -> Iterator[DueItem]:
    from midora.incidents.choices import Status
    from midora.incidents.models import Classification, Incident
    from midora.incidents.services.reporting import clock_for

    majors = (
        Incident.objects.filter(is_major=True)
        .exclude(status=Status.CLOSED)
        .select_related("entity")
        .prefetch_related("reports")
    )
    for incident in majors:
        url = reverse("incidents:incident_detail", args=[incident.pk])
        owners = owner_of(incident)
        entries = [e for e in clock_for(incident, now) if e.open]
        for entry in entries:
            label = label_sentence(STAGE_LABEL.get(entry.stage, entry.stage))
            due = entry.deadline.due
            if entry.stage == "initial_notification":
                yield DueItem(
                    key=f"incidents.incident:{incident.pk}:major",
                    event="incident.major",
                    title=Sentence(
                        gettext_noop(
                            "%(reference)s classified as major: initial notification due %(moment)s"
                        ),
                        reference=incident.labelled_reference,
                        moment=_moment(due),
                    ),
                    url=url,
                    entity_id=incident.entity_id,
                    due_at=due,
                    owner_ids=owners,
                    detail=incident.title,
                )
            if due - now > horizon:
                continue
            yield DueItem(
                key=f"incidents.incident:{incident.pk}:{entry.stage}",
                event="incident.report_due",
                title=Sentence(
                    gettext_noop("%(stage)s of %(reference)s overdue %(moment)s")
                    if now > due
                    else gettext_noop("%(stage)s of %(reference)s due %(moment)s"),
                    stage=label,
                    reference=incident.labelled_reference,
                    moment=_moment(due),
                ),
                url=url,
                entity_id=incident.entity_id,
                due_at=due,
                owner_ids=owners,
                detail=incident.title,
            )
    recent = now - dt.timedelta(days=7)
    reclassified = (
        Classification.objects.filter(is_current=True, created_at__gte=recent)
        .filter(reclassification__in=CHANGES)
        .select_related("incident__entity")
    )
    for row in reclassified:
        incident = row.incident
        yield DueItem(
            key=f"incidents.classification:{row.pk}:reclassified",
            event="incident.reclassified",
            title=Sentence(
                gettext_noop("%(reference)s reclassified: %(change)s"),
                reference=incident.labelled_reference,
                change=row.reclassification,
            ),
            url=reverse("incidents:incident_detail", args=[incident.pk]),
            entity_id=incident.entity_id,
            due_at=None,
            owner_ids=owner_of(incident),
            detail=row.reclassification_why,
        )


PROVIDER = DueProvider(
    "incidents", EVENTS, items, watch=("incidents.Incident", "incidents.Classification")
)
