"""How the third-party records are listed, filtered and shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from midora.core.register_framework import (
    ENTITY_FILTER,
    Column,
    ConditionFilter,
    EntityFilter,
    Filter,
    Register,
    Related,
    record_choices,
    static_choices,
    value_choices,
    yes_no,
)
from midora.suppliers import codes
from midora.suppliers.forms import (
    ClauseReviewForm,
    ContractualArrangementForm,
    ExitPlanForm,
    ICTProviderForm,
    ICTServiceUseForm,
    ServiceAssessmentForm,
    SubcontractorForm,
)
from midora.suppliers.models import (
    ClauseReview,
    ContractualArrangement,
    ExitPlan,
    ICTProvider,
    ICTServiceUse,
    ServiceAssessment,
    Subcontractor,
)

# How far ahead an arrangement's end counts as coming (the overview's figure and the list filter).
ENDING_WITHIN_DAYS = 180


@dataclass(frozen=True)
class EndingSoonFilter(ConditionFilter):
    """Arrangements whose end date falls between today and ENDING_WITHIN_DAYS from now."""

    def condition(self, queryset: models.QuerySet) -> models.Q:
        today = timezone.localdate()
        return models.Q(
            end_date__gte=today, end_date__lte=today + dt.timedelta(days=ENDING_WITHIN_DAYS)
        )


ENDING_SOON = EndingSoonFilter("ending", _("Ending within 180 days"), "end_date", yes_no)


SERVICE_TYPE = Filter(
    "service_type", _("ICT service type"), "service_type", lambda r: codes.service_types()
)
ARRANGEMENT_COLUMN = Column(
    "arrangement.reference", _("Arrangement"), sort="arrangement__reference"
)

providers = Register(
    model=ICTProvider,
    slug="providers",
    title=_("ICT third-party service providers"),
    columns=[
        Column("name", _("Name"), sort="name", link=True),
        Column("identification_code", _("Code"), sort="identification_code"),
        Column("code_type", _("Type of code")),
        Column("category", _("Category"), sort="category"),
        Column("hq_country", _("Headquarters"), sort="hq_country"),
        Column("annual_expense", _("Annual expense"), sort="annual_expense"),
        Column("group_entity.name", _("Intra-group")),
    ],
    form_class=ICTProviderForm,
    search_fields=["name", "identification_code", "category", "description"],
    filters=[
        ENTITY_FILTER,
        Filter(
            "category",
            _("Category"),
            "category",
            value_choices(ICTProvider.objects.exclude(category=""), "category"),
        ),
        Filter("hq_country", _("Headquarters"), "hq_country", lambda r: codes.countries()),
    ],
    ordering=["name"],
    select_related=["group_entity"],
    related=[
        Related(
            _("Contractual arrangements"),
            "arrangements",
            [
                Column("reference", _("Reference"), link=True),
                Column("entity.name", _("Signing entity")),
                Column("end_date", _("End")),
                Column("annual_cost", _("Annual cost")),
            ],
        ),
        Related(
            _("Acts as a subcontractor in"),
            "subcontracted_links",
            [
                Column("arrangement.reference", _("Arrangement"), link=True),
                Column("service_type", _("Service")),
                Column("rank", _("Rank")),
                Column("recipient.name", _("For")),
            ],
        ),
    ],
    description=_(
        "Every ICT third-party service provider the group relies on (RoI B_05.01), "
        "intra-group providers included."
    ),
)

arrangements = Register(
    model=ContractualArrangement,
    slug="arrangements",
    columns=[
        Column("reference", _("Reference"), sort="reference", link=True),
        Column("title", _("Title")),
        Column("provider.name", _("Provider"), sort="provider__name"),
        Column("entity.name", _("Signing entity"), sort="entity__name"),
        Column("arrangement_type", _("Type"), sort="arrangement_type"),
        Column("start_date", _("Start"), sort="start_date"),
        Column("end_date", _("End"), sort="end_date"),
        Column("annual_cost", _("Annual cost"), sort="annual_cost"),
    ],
    form_class=ContractualArrangementForm,
    search_fields=["reference", "title", "provider__name", "notes"],
    filters=[
        EntityFilter(label=_("Signing entity")),
        Filter(
            "provider",
            _("Provider"),
            "provider_id",
            record_choices(ICTProvider.objects.all(), "name"),
        ),
        Filter("type", _("Type"), "arrangement_type", lambda r: codes.arrangement_types()),
        ENDING_SOON,
    ],
    ordering=["reference"],
    select_related=["provider", "entity"],
    api_filters=["entity", "provider", "arrangement_type"],
    links_across_entities=["linked_arrangements"],
    description=_("Contractual arrangements on the use of ICT services (DORA Art. 28(3))."),
)

service_uses = Register(
    model=ICTServiceUse,
    slug="service-uses",
    title=_("ICT service uses"),
    columns=[
        ARRANGEMENT_COLUMN,
        Column("function", _("Business function"), sort="function__identifier"),
        Column("service_type", _("ICT service type"), sort="service_type", link=True),
        Column("provision_country", _("Provided from")),
        Column("storage_location", _("Data at rest")),
        Column("processing_location", _("Processing")),
        Column("reliance_level", _("Reliance"), sort="reliance_level"),
    ],
    form_class=ICTServiceUseForm,
    search_fields=["arrangement__reference", "function__identifier", "function__name"],
    filters=[
        ENTITY_FILTER,
        SERVICE_TYPE,
        Filter("reliance", _("Reliance"), "reliance_level", lambda r: codes.reliance_levels()),
    ],
    ordering=["arrangement__reference", "function__identifier"],
    select_related=["arrangement", "function"],
    api_filters=["arrangement"],
    description=_(
        "Which ICT services each arrangement supplies to which business function (B_02.02)."
    ),
)

assessments = Register(
    model=ServiceAssessment,
    slug="assessments",
    title=_("ICT service assessments"),
    columns=[
        ARRANGEMENT_COLUMN,
        Column("service_type", _("ICT service type"), sort="service_type", link=True),
        Column("substitutability", _("Substitutability"), sort="substitutability"),
        Column("exit_plan", _("Exit plan")),
        Column("reintegration", _("Reintegration")),
        Column("discontinuation_impact", _("Impact of discontinuing")),
        Column("last_audit", _("Last audit"), sort="last_audit"),
    ],
    form_class=ServiceAssessmentForm,
    search_fields=["arrangement__reference", "alternative_providers"],
    filters=[
        SERVICE_TYPE,
        Filter(
            "substitutability",
            _("Substitutability"),
            "substitutability",
            lambda r: codes.substitutability(),
        ),
        Filter("exit_plan", _("Exit plan"), "exit_plan", lambda r: codes.yes_no()),
    ],
    ordering=["arrangement__reference", "service_type"],
    select_related=["arrangement"],
    api_filters=["arrangement"],
    description=_("Substitutability, exit plan and reintegration of each ICT service (B_07.01)."),
)

subcontractors = Register(
    model=Subcontractor,
    slug="subcontractors",
    title=_("Subcontracting chain"),
    columns=[
        ARRANGEMENT_COLUMN,
        Column("service_type", _("ICT service type"), sort="service_type"),
        Column("rank", _("Rank"), sort="rank"),
        Column("provider.name", _("Subcontractor"), sort="provider__name", link=True),
        Column("recipient.name", _("Recipient"), sort="recipient__name"),
    ],
    form_class=SubcontractorForm,
    search_fields=["arrangement__reference", "provider__name", "recipient__name"],
    filters=[SERVICE_TYPE, Filter("rank", _("Rank"), "rank", static_choices([(2, "2"), (3, "3")]))],
    ordering=["arrangement__reference", "service_type", "rank"],
    select_related=["arrangement", "provider", "recipient"],
    api_filters=["arrangement", "provider"],
    description=_(
        "ICT service supply chains: rank 1 is the direct provider, rank 2 its "
        "subcontractor, and so on (B_05.02)."
    ),
)

clause_reviews = Register(
    model=ClauseReview,
    slug="clause-reviews",
    title=_("Art. 30 clause reviews"),
    columns=[
        ARRANGEMENT_COLUMN,
        Column("clause_key", _("Provision"), sort="clause_key", link=True),
        Column("finding", _("Finding"), sort="finding"),
        Column("clause_reference", _("Clause")),
        Column("reviewer", _("Reviewer")),
        Column("reviewed_on", _("Reviewed"), sort="reviewed_on"),
    ],
    form_class=ClauseReviewForm,
    search_fields=["arrangement__reference", "clause_reference", "note", "evidence"],
    filters=[
        Filter("finding", _("Finding"), "finding", static_choices(ClauseReview.Finding.choices)),
        ENTITY_FILTER,
    ],
    ordering=["arrangement__reference", "clause_key", "-reviewed_on"],
    select_related=["arrangement", "reviewer"],
    api_filters=["arrangement", "clause_key"],
    description=_("Findings on the key contractual provisions of DORA Art. 30(2) and 30(3)."),
)

exit_plans = Register(
    model=ExitPlan,
    slug="exit-plans",
    columns=[
        Column("arrangement.reference", _("Arrangement"), sort="arrangement__reference", link=True),
        Column("arrangement.provider.name", _("Provider")),
        Column("status", _("Status"), sort="status"),
        Column("transition_weeks", _("Transition (weeks)")),
        Column("approved_on", _("Approved"), sort="approved_on"),
        Column("last_tested", _("Last tested"), sort="last_tested"),
    ],
    form_class=ExitPlanForm,
    search_fields=["arrangement__reference", "summary"],
    filters=[Filter("status", _("Status"), "status", static_choices(ExitPlan.Status.choices))],
    ordering=["arrangement__reference"],
    select_related=["arrangement", "arrangement__provider"],
    api_filters=["arrangement"],
    description=_("Exit strategies of arrangements (DORA Art. 28(8))."),
)

REGISTERS = [
    providers,
    arrangements,
    service_uses,
    assessments,
    subcontractors,
    clause_reviews,
    exit_plans,
]
