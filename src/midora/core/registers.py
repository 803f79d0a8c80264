"""How the core records are listed, filtered and shown."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from midora.core.choices import (
    Criticality,
    CryptoService,
    MicaStatus,
    OfferingStatus,
    service_labels,
)
from midora.core.codelists import country_choices, country_name
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
from midora.core.register_framework import (
    ENTITY_COLUMN,
    ENTITY_FILTER,
    Column,
    Filter,
    Register,
    Related,
    static_choices,
    value_choices,
    yes_no,
)

legal_entities = Register(
    model=LegalEntity,
    slug="entities",
    columns=[
        Column("name", _("Name"), sort="name", link=True),
        Column("lei", _("LEI"), sort="lei"),
        Column("country", _("Country"), sort="country"),
        Column("entity_type", _("Type")),
        Column("authority.short_name", _("Authority"), sort="authority__code"),
        Column("mica_status", _("MiCA status"), sort="mica_status"),
        Column("dora_in_scope", _("DORA scope"), sort="dora_in_scope"),
        Column("is_microenterprise", _("Microenterprise")),
        Column("parent.name", _("Parent"), sort="parent__name"),
    ],
    form_class=LegalEntityForm,
    api_read_only=["updated_at"],
    api_outputs={"reporting_currency": str},
    search_fields=["name", "lei", "authority__short_name", "authority__name"],
    filters=[
        Filter("mica_status", _("MiCA status"), "mica_status", static_choices(MicaStatus.choices)),
        Filter("dora_in_scope", _("DORA scope"), "dora_in_scope", yes_no),
        Filter(
            "country",
            _("Country"),
            "country",
            value_choices(LegalEntity.objects.all(), "country", label=country_name),
        ),
    ],
    ordering=["name"],
    select_related=["parent", "authority"],
    related=[
        Related(
            _("Crypto-asset services"),
            "offerings",
            [
                Column("service", _("Service"), link=True),
                Column("status", _("Status")),
                Column("member_states", _("Member states")),
            ],
        ),
        Related(
            _("Business functions"),
            "functions",
            [
                Column("identifier", _("Identifier"), link=True),
                Column("name", _("Name")),
                Column("criticality", _("Criticality")),
            ],
        ),
    ],
    description=_("Legal entities of the group, with their MiCA status and DORA scope."),
)

service_offerings = Register(
    model=ServiceOffering,
    slug="services",
    title=_("Crypto-asset services"),
    columns=[
        ENTITY_COLUMN,
        Column("service", _("Service"), sort="service", link=True),
        Column("status", _("Status"), sort="status"),
        Column("member_states", _("Member states")),
    ],
    form_class=ServiceOfferingForm,
    search_fields=["entity__name", "service", "notes"],
    filters=[
        ENTITY_FILTER,
        Filter("service", _("Service"), "service", static_choices(CryptoService.choices)),
        Filter("status", _("Status"), "status", static_choices(OfferingStatus.choices)),
    ],
    ordering=["entity__name", "service"],
    select_related=["entity"],
    description=_(
        "The MiCA crypto-asset services (Art. 3(1)(16)) each entity offers or applies for."
    ),
)

business_functions = Register(
    model=BusinessFunction,
    slug="functions",
    columns=[
        Column("identifier", _("Identifier"), sort="identifier", link=True),
        Column("name", _("Name"), sort="name"),
        ENTITY_COLUMN,
        Column("criticality", _("Criticality"), sort="criticality"),
        Column("rto_hours", _("RTO (h)"), sort="rto_hours"),
        Column("rpo_hours", _("RPO (h)"), sort="rpo_hours"),
        Column(
            "crypto_services",
            _("Crypto services"),
            render=lambda f: service_labels(f.crypto_services),
        ),
        Column("last_assessed", _("Last assessed"), sort="last_assessed"),
    ],
    form_class=BusinessFunctionForm,
    search_fields=["identifier", "name", "criticality_rationale", "entity__name"],
    filters=[
        ENTITY_FILTER,
        Filter("criticality", _("Criticality"), "criticality", static_choices(Criticality.choices)),
    ],
    ordering=["entity__name", "identifier"],
    select_related=["entity"],
    description=_(
        "Business functions and whether each is critical or important (DORA Art. 3(22))."
    ),
)


def _calendar_summary(profile: AuthorityProfile) -> str:
    from midora.core.engine.calendars import holiday_categories

    return " + ".join(holiday_categories(profile.country)) + " holidays of " + profile.country


authority_profiles = Register(
    model=AuthorityProfile,
    slug="authorities",
    title=_("Competent authorities"),
    columns=[
        Column("code", _("Code"), sort="code", link=True),
        Column("short_name", _("Authority"), sort="short_name"),
        Column("country", _("Country"), sort="country"),
        Column("languages", _("Languages")),
        Column("reporting_currency", _("Reporting currency"), sort="reporting_currency"),
        Column("calendar", _("Holiday calendar"), render=_calendar_summary),
    ],
    form_class=AuthorityProfileForm,
    search_fields=["code", "short_name", "name", "submission_channel"],
    filters=[Filter("country", _("Country"), "country", static_choices(country_choices()))],
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
            _("Holiday overrides"),
            "holiday_overrides",
            [
                Column("day", _("Day"), link=True),
                Column("kind", _("Kind")),
                Column("name", _("Name")),
            ],
        ),
        Related(_("Legal entities"), "entities", [Column("name", _("Entity"), link=True)]),
    ],
    description=_(
        "National competent authorities: languages, reporting currency, holiday "
        "calendar (public plus bank holidays) and how applications reach them."
    ),
)

authority_holidays = Register(
    model=AuthorityHoliday,
    slug="authority-holidays",
    title=_("Authority holiday overrides"),
    columns=[
        Column("authority.code", _("Authority"), sort="authority__code"),
        Column("day", _("Day"), sort="day", link=True),
        Column("kind", _("Kind"), sort="kind"),
        Column("name", _("Name")),
    ],
    form_class=AuthorityHolidayForm,
    search_fields=["authority__code", "name"],
    ordering=["authority__code", "day"],
    select_related=["authority"],
    description=_("Days on which an authority departs from its country's calendar."),
)

REGISTERS = [
    legal_entities,
    service_offerings,
    business_functions,
    authority_profiles,
    authority_holidays,
]
