"""How dossiers, people and the authority's requests are listed and shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from midora.authorisation.choices import DossierStatus, FitAndProper, PersonRole, RequestStage
from midora.authorisation.forms import DossierForm, InformationRequestForm, PersonForm
from midora.authorisation.models import Dossier, InformationRequest, Person
from midora.authorisation.permissions import can_see_personal_data
from midora.core.register_framework import (
    ENTITY_COLUMN,
    ApiOutput,
    Column,
    ConditionFilter,
    Filter,
    Register,
    entity_choices,
    static_choices,
    yes_no,
)

dossiers = Register(
    model=Dossier,
    slug="dossiers",
    title=_("Authorisation dossiers"),
    columns=[
        Column("entity.name", _("Applicant"), sort="entity__name", link=True),
        Column("entity.authority.short_name", _("Authority")),
        Column("status", _("Status"), sort="status"),
        Column("received_on", _("Received"), sort="received_on"),
        Column("complete_on", _("Complete"), sort="complete_on"),
        Column("decided_on", _("Decision"), sort="decided_on"),
    ],
    form_class=DossierForm,
    search_fields=["entity__name", "title", "notes"],
    filters=[
        Filter("entity", _("Entity"), "entity_id", entity_choices),
        Filter("status", _("Status"), "status", static_choices(DossierStatus.choices)),
    ],
    ordering=["entity__name"],
    select_related=["entity", "entity__authority"],
    description=_("One application file per applicant entity (MiCA Art. 62, RTS 2025/305)."),
)


# personal data in the API: null unless the reader's role may see it
PERSONAL = {
    "birth_name": str,
    "date_of_birth": dt.date,
    "nationality": str,
    "address": str,
    "assessment_notes": str,
}


def _personal(name: str) -> Callable[[Any, Any], Any]:
    def resolve(obj: Any, context: Any) -> Any:
        request = context.get("request") if context else None
        return getattr(obj, name) if request and can_see_personal_data(request.user) else None

    return resolve


@dataclass(frozen=True)
class CurrentFilter(ConditionFilter):
    """People in office: no end date, or one not yet passed."""

    def condition(self, queryset: QuerySet) -> Q:
        return Q(ended_on__isnull=True) | Q(ended_on__gte=timezone.localdate())


people = Register(
    model=Person,
    slug="people",
    title=_("People (fit and proper)"),
    columns=[
        Column("full_name", _("Name"), sort="full_name", link=True),
        ENTITY_COLUMN,
        Column("role", _("Role"), sort="role"),
        Column("position", _("Position")),
        Column("appointed_on", _("Appointed"), sort="appointed_on"),
        Column("ended_on", _("Ended"), sort="ended_on"),
        Column("holding_percent", _("Holding (%)"), sort="holding_percent"),
        Column("fit_and_proper", _("Fit and proper"), sort="fit_and_proper"),
        Column("assessed_on", _("Assessed"), sort="assessed_on"),
    ],
    form_class=PersonForm,
    search_fields=["full_name", "position"],
    filters=[
        Filter("entity", _("Entity"), "entity_id", entity_choices),
        Filter("role", _("Role"), "role", static_choices(PersonRole.choices)),
        Filter("fit", _("Fit and proper"), "fit_and_proper", static_choices(FitAndProper.choices)),
        CurrentFilter("current", _("In office"), "ended_on", yes_no),
    ],
    ordering=["entity__name", "role", "full_name"],
    select_related=["entity"],
    api_fixed=["entity"],
    api_filters=["entity", "fit_and_proper"],
    api_outputs={name: ApiOutput(kind | None, _personal(name)) for name, kind in PERSONAL.items()},
    detail_fields=[
        "entity",
        "full_name",
        "role",
        "position",
        "appointed_on",
        "ended_on",
        "holding_percent",
        "fit_and_proper",
        "assessed_on",
        "owner",
    ],
    description=_(
        "Management body members, key function holders and qualifying holders "
        "(MiCA Art. 62(2)(g)-(h), Art. 68; RTS 2025/305 Arts. 7-8)."
    ),
)

requests = Register(
    model=InformationRequest,
    slug="requests",
    title=_("Requests of the authority"),
    columns=[
        Column("reference", _("Reference"), sort="reference", link=True),
        Column("dossier.entity.name", _("Applicant"), sort="dossier__entity__name"),
        Column("stage", _("Stage"), sort="stage"),
        Column("sent_on", _("Received"), sort="sent_on"),
        Column("due_on", _("Due"), sort="due_on"),
        Column("answered_on", _("Answered"), sort="answered_on"),
        Column(
            "items",
            _("Items concerned"),
            render=lambda r: ", ".join(i.requirement.ref for i in r.items.all()),
        ),
    ],
    form_class=InformationRequestForm,
    search_fields=["reference", "question", "response"],
    filters=[
        Filter("entity", _("Entity"), "dossier__entity_id", entity_choices),
        Filter("stage", _("Stage"), "stage", static_choices(RequestStage.choices)),
        Filter(
            "answered",
            _("Answered"),
            "answered_on__isnull",
            lambda r: [("false", "Yes"), ("true", "No")],
        ),
    ],
    ordering=["due_on"],
    select_related=["dossier__entity"],
    prefetch_related=["items__requirement"],
    api_read_only=["items"],  # set through PUT requests/{id}/items: items of its own dossier
    api_fixed=["dossier"],
    api_filters=["dossier"],
    detail_fields=[
        "dossier",
        "reference",
        "stage",
        "sent_on",
        "due_on",
        "question",
        "items",
        "answered_on",
        "response",
        "owner",
    ],
    description=_(
        "Requests for missing or additional information (MiCA Art. 63(2), (12)), the "
        "items they concern, the due date and the answer."
    ),
)

REGISTERS = [dossiers, people, requests]
