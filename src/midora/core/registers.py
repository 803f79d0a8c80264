"""How the core records are listed, filtered and shown."""

from __future__ import annotations

from django.http import HttpRequest

from midora.core.choices import (
    Criticality,
    CryptoService,
    MicaStatus,
    OfferingStatus,
    service_labels,
)
from midora.core.codelists import country_choices
from midora.core.forms import (
    AuthorityHolidayForm,
    AuthorityProfileForm,
    BusinessFunctionForm,
    LegalEntityForm,
    ServiceOfferingForm,
)
from midora.core.models import (
    AuthorityHoliday,
    AuthorityProfile,
    BusinessFunction,
    LegalEntity,
    ServiceOffering,
)
from midora.core.permissions import scope
from midora.core.register_framework import (
    ENTITY_FILTER,
    Column,
    Filter,
    Register,
    Related,
    static_choices,
    yes_no,
)


def entity_countries(request: HttpRequest) -> list[tuple[str, str]]:
    names = dict(country_choices())
    codes = scope(request.user, LegalEntity.objects.all()).values_list("country", flat=True)
    return sorted({(code, names.get(code, code)) for code in codes}, key=lambda pair: pair[1])


legal_entities = Register(
    model=LegalEntity,
    slug="entities",
    columns=[
        Column("name", "Name", sort="name", link=True),
        Column("lei", "LEI", sort="lei"),
        Column("country", "Country", sort="country"),
        Column("entity_type", "Type"),
        Column("authority.short_name", "Authority", sort="authority__code"),
        Column("mica_status", "MiCA status", sort="mica_status"),
        Column("dora_in_scope", "DORA scope", sort="dora_in_scope"),
        Column("is_microenterprise", "Microenterprise"),
        Column("parent.name", "Parent", sort="parent__name"),
    ],
    form_class=LegalEntityForm,
    api_read_only=["updated_at"],
    api_outputs={"reporting_currency": str},
    search_fields=["name", "lei", "authority__short_name", "authority__name"],
    filters=[
        Filter("mica_status", "MiCA status", "mica_status", static_choices(MicaStatus.choices)),
        Filter("dora_in_scope", "DORA scope", "dora_in_scope", yes_no),
        Filter("country", "Country", "country", entity_countries),
    ],
    ordering=["name"],
    select_related=["parent", "authority"],
    related=[
        Related(
            "Crypto-asset services",
            "offerings",
            [
                Column("service", "Service", link=True),
                Column("status", "Status"),
                Column("member_states", "Member states"),
            ],
        ),
        Related(
            "Business functions",
            "functions",
            [
                Column("identifier", "Identifier", link=True),
                Column("name", "Name"),
                Column("criticality", "Criticality"),
            ],
        ),
    ],
    description="Legal entities of the group, with their MiCA status and DORA scope.",
)

service_offerings = Register(
    model=ServiceOffering,
    slug="services",
    title="Crypto-asset services",
    columns=[
        Column("entity.name", "Entity", sort="entity__name"),
        Column("service", "Service", sort="service", link=True),
        Column("status", "Status", sort="status"),
        Column("member_states", "Member states"),
    ],
    form_class=ServiceOfferingForm,
    search_fields=["entity__name", "service", "notes"],
    filters=[
        ENTITY_FILTER,
        Filter("service", "Service", "service", static_choices(CryptoService.choices)),
        Filter("status", "Status", "status", static_choices(OfferingStatus.choices)),
    ],
    ordering=["entity__name", "service"],
    select_related=["entity"],
    description="The MiCA crypto-asset services (Art. 3(1)(16)) each entity offers or applies for.",
)

business_functions = Register(
    model=BusinessFunction,
    slug="functions",
    columns=[
        Column("identifier", "Identifier", sort="identifier", link=True),
        Column("name", "Name", sort="name"),
        Column("entity.name", "Entity", sort="entity__name"),
        Column("criticality", "Criticality", sort="criticality"),
        Column("rto_hours", "RTO (h)", sort="rto_hours"),
        Column("rpo_hours", "RPO (h)", sort="rpo_hours"),
        Column(
            "crypto_services", "Crypto services", render=lambda f: service_labels(f.crypto_services)
        ),
        Column("last_assessed", "Last assessed", sort="last_assessed"),
    ],
    form_class=BusinessFunctionForm,
    search_fields=["identifier", "name", "criticality_rationale", "entity__name"],
    filters=[
        ENTITY_FILTER,
        Filter("criticality", "Criticality", "criticality", static_choices(Criticality.choices)),
    ],
    ordering=["entity__name", "identifier"],
    select_related=["entity"],
    description="Business functions and whether each is critical or important (DORA Art. 3(22)).",
)


def _calendar_summary(profile: AuthorityProfile) -> str:
    from midora.core.engine.calendars import holiday_categories

    return " + ".join(holiday_categories(profile.country)) + " holidays of " + profile.country


authority_profiles = Register(
    model=AuthorityProfile,
    slug="authorities",
    title="Competent authorities",
    columns=[
        Column("code", "Code", sort="code", link=True),
        Column("short_name", "Authority", sort="short_name"),
        Column("country", "Country", sort="country"),
        Column("languages", "Languages"),
        Column("reporting_currency", "Reporting currency", sort="reporting_currency"),
        Column("calendar", "Holiday calendar", render=_calendar_summary),
    ],
    form_class=AuthorityProfileForm,
    search_fields=["code", "short_name", "name", "submission_channel"],
    filters=[Filter("country", "Country", "country", static_choices(country_choices()))],
    ordering=["country", "code"],
    detail_fields=[
        "code",
        "short_name",
        "name",
        "country",
        "languages",
        "reporting_currency",
        "website",
        "submission_channel",
        "sources",
        "unconfirmed",
    ],
    related=[
        Related(
            "Holiday overrides",
            "holiday_overrides",
            [Column("day", "Day", link=True), Column("kind", "Kind"), Column("name", "Name")],
        ),
        Related("Legal entities", "entities", [Column("name", "Entity", link=True)]),
    ],
    description="National competent authorities: languages, reporting currency, holiday "
    "calendar (public plus bank holidays) and how applications reach them.",
)

authority_holidays = Register(
    model=AuthorityHoliday,
    slug="authority-holidays",
    title="Authority holiday overrides",
    columns=[
        Column("authority.code", "Authority", sort="authority__code"),
        Column("day", "Day", sort="day", link=True),
        Column("kind", "Kind", sort="kind"),
        Column("name", "Name"),
    ],
    form_class=AuthorityHolidayForm,
    search_fields=["authority__code", "name"],
    ordering=["authority__code", "day"],
    select_related=["authority"],
    description="Days on which an authority departs from its country's calendar.",
)

REGISTERS = [
    legal_entities,
    service_offerings,
    business_functions,
    authority_profiles,
    authority_holidays,
]
