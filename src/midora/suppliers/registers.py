"""How the third-party records are listed, filtered and shown."""

from __future__ import annotations

from django.http import HttpRequest

from midora.core.permissions import scope
from midora.core.register_framework import (
    ENTITY_FILTER,
    Column,
    EntityFilter,
    Filter,
    Register,
    Related,
    static_choices,
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


def provider_choices(request: HttpRequest) -> list[tuple[int, str]]:
    return list(scope(request.user, ICTProvider.objects.all()).values_list("pk", "name"))


def category_choices(request: HttpRequest) -> list[tuple[str, str]]:
    names = scope(request.user, ICTProvider.objects.exclude(category="")).values_list(
        "category", flat=True
    )
    return [(c, c) for c in sorted(set(names))]


SERVICE_TYPE = Filter(
    "service_type", "ICT service type", "service_type", lambda r: codes.service_types()
)
ARRANGEMENT_COLUMN = Column("arrangement.reference", "Arrangement", sort="arrangement__reference")

providers = Register(
    model=ICTProvider,
    slug="providers",
    title="ICT third-party service providers",
    columns=[
        Column("name", "Name", sort="name", link=True),
        Column("identification_code", "Code", sort="identification_code"),
        Column("code_type", "Type of code"),
        Column("category", "Category", sort="category"),
        Column("hq_country", "Headquarters", sort="hq_country"),
        Column("annual_expense", "Annual expense", sort="annual_expense"),
        Column("group_entity.name", "Intra-group"),
    ],
    form_class=ICTProviderForm,
    search_fields=["name", "identification_code", "category", "description"],
    filters=[
        ENTITY_FILTER,
        Filter("category", "Category", "category", category_choices),
        Filter("hq_country", "Headquarters", "hq_country", lambda r: codes.countries()),
    ],
    ordering=["name"],
    select_related=["group_entity"],
    related=[
        Related(
            "Contractual arrangements",
            "arrangements",
            [
                Column("reference", "Reference", link=True),
                Column("entity.name", "Signing entity"),
                Column("end_date", "End"),
                Column("annual_cost", "Annual cost"),
            ],
        ),
        Related(
            "Acts as a subcontractor in",
            "subcontracted_links",
            [
                Column("arrangement.reference", "Arrangement", link=True),
                Column("service_type", "Service"),
                Column("rank", "Rank"),
                Column("recipient.name", "For"),
            ],
        ),
    ],
    description="Every ICT third-party service provider the group relies on (RoI B_05.01), "
    "intra-group providers included.",
)

arrangements = Register(
    model=ContractualArrangement,
    slug="arrangements",
    columns=[
        Column("reference", "Reference", sort="reference", link=True),
        Column("title", "Title"),
        Column("provider.name", "Provider", sort="provider__name"),
        Column("entity.name", "Signing entity", sort="entity__name"),
        Column("arrangement_type", "Type", sort="arrangement_type"),
        Column("start_date", "Start", sort="start_date"),
        Column("end_date", "End", sort="end_date"),
        Column("annual_cost", "Annual cost", sort="annual_cost"),
    ],
    form_class=ContractualArrangementForm,
    search_fields=["reference", "title", "provider__name", "notes"],
    filters=[
        EntityFilter(label="Signing entity"),
        Filter("provider", "Provider", "provider_id", provider_choices),
        Filter("type", "Type", "arrangement_type", lambda r: codes.arrangement_types()),
    ],
    ordering=["reference"],
    select_related=["provider", "entity"],
    description="Contractual arrangements on the use of ICT services (DORA Art. 28(3)).",
)

service_uses = Register(
    model=ICTServiceUse,
    slug="service-uses",
    title="ICT service uses",
    columns=[
        ARRANGEMENT_COLUMN,
        Column("function", "Business function", sort="function__identifier"),
        Column("service_type", "ICT service type", sort="service_type", link=True),
        Column("provision_country", "Provided from"),
        Column("storage_location", "Data at rest"),
        Column("processing_location", "Processing"),
        Column("reliance_level", "Reliance", sort="reliance_level"),
    ],
    form_class=ICTServiceUseForm,
    search_fields=["arrangement__reference", "function__identifier", "function__name"],
    filters=[
        ENTITY_FILTER,
        SERVICE_TYPE,
        Filter("reliance", "Reliance", "reliance_level", lambda r: codes.reliance_levels()),
    ],
    ordering=["arrangement__reference", "function__identifier"],
    select_related=["arrangement", "function"],
    description="Which ICT services each arrangement supplies to which business function (B_02.02).",
)

assessments = Register(
    model=ServiceAssessment,
    slug="assessments",
    title="ICT service assessments",
    columns=[
        ARRANGEMENT_COLUMN,
        Column("service_type", "ICT service type", sort="service_type", link=True),
        Column("substitutability", "Substitutability", sort="substitutability"),
        Column("exit_plan", "Exit plan"),
        Column("reintegration", "Reintegration"),
        Column("discontinuation_impact", "Impact of discontinuing"),
        Column("last_audit", "Last audit", sort="last_audit"),
    ],
    form_class=ServiceAssessmentForm,
    search_fields=["arrangement__reference", "alternative_providers"],
    filters=[
        SERVICE_TYPE,
        Filter(
            "substitutability",
            "Substitutability",
            "substitutability",
            lambda r: codes.substitutability(),
        ),
        Filter("exit_plan", "Exit plan", "exit_plan", lambda r: codes.yes_no()),
    ],
    ordering=["arrangement__reference", "service_type"],
    select_related=["arrangement"],
    description="Substitutability, exit plan and reintegration of each ICT service (B_07.01).",
)

subcontractors = Register(
    model=Subcontractor,
    slug="subcontractors",
    title="Subcontracting chain",
    columns=[
        ARRANGEMENT_COLUMN,
        Column("service_type", "ICT service type", sort="service_type"),
        Column("rank", "Rank", sort="rank"),
        Column("provider.name", "Subcontractor", sort="provider__name", link=True),
        Column("recipient.name", "Recipient", sort="recipient__name"),
    ],
    form_class=SubcontractorForm,
    search_fields=["arrangement__reference", "provider__name", "recipient__name"],
    filters=[SERVICE_TYPE, Filter("rank", "Rank", "rank", static_choices([(2, "2"), (3, "3")]))],
    ordering=["arrangement__reference", "service_type", "rank"],
    select_related=["arrangement", "provider", "recipient"],
    description="ICT service supply chains: rank 1 is the direct provider, rank 2 its "
    "subcontractor, and so on (B_05.02).",
)

clause_reviews = Register(
    model=ClauseReview,
    slug="clause-reviews",
    title="Art. 30 clause reviews",
    columns=[
        ARRANGEMENT_COLUMN,
        Column("clause_key", "Provision", sort="clause_key", link=True),
        Column("finding", "Finding", sort="finding"),
        Column("clause_reference", "Clause"),
        Column("reviewer", "Reviewer"),
        Column("reviewed_on", "Reviewed", sort="reviewed_on"),
    ],
    form_class=ClauseReviewForm,
    search_fields=["arrangement__reference", "clause_reference", "note", "evidence"],
    filters=[
        Filter("finding", "Finding", "finding", static_choices(ClauseReview.Finding.choices)),
        ENTITY_FILTER,
    ],
    ordering=["arrangement__reference", "clause_key", "-reviewed_on"],
    select_related=["arrangement", "reviewer"],
    description="Findings on the key contractual provisions of DORA Art. 30(2) and 30(3).",
)

exit_plans = Register(
    model=ExitPlan,
    slug="exit-plans",
    columns=[
        Column("arrangement.reference", "Arrangement", sort="arrangement__reference", link=True),
        Column("arrangement.provider.name", "Provider"),
        Column("status", "Status", sort="status"),
        Column("transition_weeks", "Transition (weeks)"),
        Column("approved_on", "Approved", sort="approved_on"),
        Column("last_tested", "Last tested", sort="last_tested"),
    ],
    form_class=ExitPlanForm,
    search_fields=["arrangement__reference", "summary"],
    filters=[Filter("status", "Status", "status", static_choices(ExitPlan.Status.choices))],
    ordering=["arrangement__reference"],
    select_related=["arrangement", "arrangement__provider"],
    description="Exit strategies of arrangements (DORA Art. 28(8)).",
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
