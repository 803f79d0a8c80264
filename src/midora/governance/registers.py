"""How remediation actions and decisions are listed, filtered and shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from midora.core.register_framework import (
    ENTITY_COLUMN,
    ENTITY_FILTER,
    OWNER_COLUMN,
    Column,
    ConditionFilter,
    DatePassedFilter,
    Filter,
    Register,
    static_choices,
    value_choices,
    yes_no,
)
from midora.governance.engine.sources import source_label
from midora.governance.forms import DecisionLinksForm
from midora.governance.models import FINISHED_STATUSES, Action, Decision


@dataclass(frozen=True)
class UnfinishedFilter(ConditionFilter):
    """Rows whose action, the status at ``lookup``, is still to be worked on: neither done nor
    cancelled (a row without an action yet counts as unfinished). Used for actions themselves
    and for the records that open them (test findings)."""

    def condition(self, queryset: models.QuerySet) -> models.Q:
        return ~models.Q(**{f"{self.lookup}__in": FINISHED_STATUSES})


@dataclass(frozen=True)
class OwnerMissingFilter(Filter):
    def apply(self, queryset: models.QuerySet, raw: str) -> models.QuerySet:
        return queryset.filter(owner__isnull=raw == "true")


def _source_label(source_type: str) -> str:
    return source_label(source_type, gettext)


def _due(action: Action) -> Any:
    if action.due_date is None:
        return None
    if action.is_overdue:
        return gettext("%(date)s (overdue)") % {"date": action.due_date.isoformat()}
    return action.due_date


actions = Register(
    model=Action,
    slug="actions",
    title=_("Remediation actions"),
    columns=[
        Column("title", _("Action"), sort="title", link=True),
        ENTITY_COLUMN,
        Column("source_label", _("Source"), sort="source_type"),
        Column("priority", _("Priority"), sort="priority"),
        OWNER_COLUMN,
        Column("due_date", _("Due"), sort="due_date", render=_due),
        Column("status", _("Status"), sort="status"),
        Column("progress", _("Progress (%)"), sort="progress"),
        Column("budget_needed", _("Budget (EUR)"), sort="budget_needed"),
    ],
    fields=[
        "entity",
        "title",
        "description",
        "source_type",
        "source_id",
        "priority",
        "due_date",
        "status",
        "progress",
        "budget_needed",
        "budget_approved",
        "closed_date",
        "owner",
    ],
    api_outputs={"source_label": str, "is_overdue": bool},
    search_fields=["title", "description", "source_id"],
    filters=[
        ENTITY_FILTER,
        Filter(
            "source",
            _("Source"),
            "source_type",
            value_choices(Action.objects.all(), "source_type", label=_source_label),
        ),
        Filter("status", _("Status"), "status", static_choices(Action.Status.choices)),
        UnfinishedFilter("open", _("Open (not done or cancelled)"), "status", yes_no),
        Filter("priority", _("Priority"), "priority", static_choices(Action.Priority.choices)),
        DatePassedFilter(
            "overdue",
            _("Overdue"),
            "due_date",
            yes_no,
            unless=models.Q(status__in=FINISHED_STATUSES),
        ),
        OwnerMissingFilter("no_owner", _("Without owner"), "owner", yes_no),
        Filter("budget_approved", _("Budget approved"), "budget_approved", yes_no),
    ],
    ordering=["due_date"],
    select_related=["entity", "owner"],
    detail_fields=[
        "entity",
        "title",
        "description",
        "source_label",
        "source_type",
        "source_id",
        "priority",
        "owner",
        "due_date",
        "is_overdue",
        "status",
        "progress",
        "budget_needed",
        "budget_approved",
        "closed_date",
        "decisions",
    ],
    description=_(
        "One action list fed by assessment gaps, contract-clause gaps, test findings, "
        "incident lessons and risks (DORA Art. 6(7), Art. 13(2), Art. 24(5))."
    ),
)

decisions = Register(
    model=Decision,
    slug="decisions",
    title=_("Decisions of the management body"),
    columns=[
        Column("reference", _("Reference"), sort="reference", link=True),
        Column("date", _("Date"), sort="date"),
        ENTITY_COLUMN,
        Column("body", _("Body")),
        Column("subject", _("Subject"), sort="subject"),
        Column("minutes_reference", _("Minutes")),
    ],
    fields=[
        "entity",
        "reference",
        "date",
        "body",
        "subject",
        "decision",
        "minutes_reference",
        "actions",
        "risks",
        "owner",
    ],
    form_base=DecisionLinksForm,
    api_outputs={"acceptance_ids": list[int]},
    prefetch_related=["acceptances"],  # acceptance_ids of a whole page in one query
    search_fields=["reference", "subject", "decision", "minutes_reference"],
    filters=[ENTITY_FILTER],
    ordering=["-date"],
    select_related=["entity"],
    detail_fields=[
        "entity",
        "reference",
        "date",
        "body",
        "subject",
        "decision",
        "minutes_reference",
        "actions",
        "risks",
        "acceptances",
        "owner",
    ],
    description=_(
        "Decisions of the management body with the actions, risks and acceptances they "
        "cover and the minutes as evidence (DORA Art. 5(2))."
    ),
)

REGISTERS = [actions, decisions]
