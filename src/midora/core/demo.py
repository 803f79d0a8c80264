"""Demo step: the legal entities, their crypto-asset services, business functions and users."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from stdnum.iso7064 import mod_97_10

from midora.core import audit
from midora.core.accounts import create_user
from midora.core.authority_profiles import load_profiles, match_profile
from midora.core.choices import Criticality, MicaStatus, OfferingStatus, Role
from midora.core.models import AuthorityProfile, BusinessFunction, LegalEntity, ServiceOffering

ORDER = 10


def make_lei(prefix: str, body: str) -> str:
    """A syntactically valid LEI (ISO 17442): 4-char LOU prefix, '00', 12-char body, check digits."""
    base = (prefix + "00" + body).upper()[:18].ljust(18, "0")
    return base + mod_97_10.calc_check_digits(base)


GROUP = [
    # key, name, country, authority, entity type, MiCA status, services {service: (status, states)}
    (
        "holding",
        "Aurora Digital Holding S.A.",
        "LU",
        "CSSF",
        "eba_CT:x316",
        MicaStatus.NOT_IN_SCOPE,
        {},
    ),
    (
        "fr",
        "Aurora Custody France SAS",
        "FR",
        "AMF",
        "eba_CT:x303",
        MicaStatus.AUTHORISED,
        {
            "custody": (OfferingStatus.ACTIVE, ["FR", "BE", "LU", "ES"]),
            "transfer": (OfferingStatus.ACTIVE, ["FR", "BE", "LU", "ES"]),
            "exchange_fiat": (OfferingStatus.ACTIVE, ["FR", "BE"]),
        },
    ),
    (
        "de",
        "Aurora Exchange GmbH",
        "DE",
        "BaFin",
        "eba_CT:x303",
        MicaStatus.AUTHORISED,
        {
            "trading_platform": (OfferingStatus.ACTIVE, ["DE", "AT", "NL"]),
            "exchange_fiat": (OfferingStatus.ACTIVE, ["DE", "AT", "NL"]),
            "exchange_crypto": (OfferingStatus.ACTIVE, ["DE", "AT", "NL"]),
            "execution": (OfferingStatus.ACTIVE, ["DE", "AT"]),
            "custody": (OfferingStatus.ACTIVE, ["DE", "AT"]),
        },
    ),
    (
        "ie",
        "Aurora Brokerage Ireland Ltd",
        "IE",
        "Central Bank of Ireland",
        "eba_CT:x303",
        MicaStatus.APPLICANT,
        {
            "reception_transmission": (OfferingStatus.PLANNED, ["IE", "NL", "FI"]),
            "execution": (OfferingStatus.PLANNED, ["IE", "NL", "FI"]),
            "transfer": (OfferingStatus.PLANNED, ["IE"]),
            "advice": (OfferingStatus.PLANNED, ["IE"]),
        },
    ),
]

# identifier suffix, name, critical?, rationale, RTO, RPO, services
FUNCTIONS = [
    (
        "CUST",
        "Client crypto-asset custody and wallet operations",
        True,
        "Loss or unavailability would prevent clients from accessing their crypto-assets and breach the safekeeping duty of MiCA Art. 75.",
        Decimal("4"),
        Decimal("0.25"),
        ["custody"],
    ),
    (
        "KEYM",
        "Key management (HSM / MPC signing)",
        True,
        "Every withdrawal and transfer is signed here; compromise means direct loss of client assets.",
        Decimal("2"),
        Decimal("0"),
        ["custody", "transfer"],
    ),
    (
        "TRAD",
        "Order matching and trading platform",
        True,
        "Disruption halts the market the entity operates and affects orderly trading (MiCA Art. 76).",
        Decimal("1"),
        Decimal("0.05"),
        ["trading_platform", "exchange_crypto"],
    ),
    (
        "EXEC",
        "Order execution and routing",
        True,
        "Client orders cannot be executed on best terms without it (MiCA Art. 78).",
        Decimal("2"),
        Decimal("0.1"),
        ["execution", "reception_transmission"],
    ),
    (
        "PAYM",
        "Fiat payments and settlement with banks",
        True,
        "Client fiat deposits and withdrawals stop; settlement exposures build up.",
        Decimal("4"),
        Decimal("0.5"),
        ["exchange_fiat"],
    ),
    (
        "ONBD",
        "Client onboarding and KYC/AML screening",
        True,
        "Regulatory obligation under AML rules; a failure exposes the entity to onboarding prohibited clients.",
        Decimal("24"),
        Decimal("4"),
        ["custody", "exchange_fiat", "exchange_crypto", "execution", "reception_transmission"],
    ),
    (
        "TRSF",
        "Blockchain transfers and travel-rule messaging",
        True,
        "Transfers on behalf of clients (MiCA Art. 82) and travel-rule data must be complete and timely.",
        Decimal("4"),
        Decimal("0.25"),
        ["transfer", "custody"],
    ),
    (
        "MKTS",
        "Market surveillance and abuse detection",
        True,
        "Required to detect and report suspicious orders and transactions (MiCA Art. 92).",
        Decimal("24"),
        Decimal("1"),
        ["trading_platform", "execution"],
    ),
    (
        "CLSV",
        "Client support and complaints handling",
        False,
        "Important for clients but can run on manual procedures for several days (MiCA Art. 71).",
        Decimal("48"),
        Decimal("24"),
        [],
    ),
    (
        "FINR",
        "Finance and regulatory reporting",
        False,
        "Monthly and quarterly cycles tolerate a disruption of a few days.",
        Decimal("72"),
        Decimal("24"),
        [],
    ),
    (
        "HRAD",
        "HR and internal administration",
        False,
        "No direct client or market impact.",
        Decimal("120"),
        Decimal("48"),
        [],
    ),
    (
        "MKTG",
        "Marketing communications and website",
        False,
        "Marketing content is static; MiCA Art. 66 checks happen before publication.",
        Decimal("72"),
        Decimal("24"),
        [],
    ),
]

TIME_ZONES = {
    "IE": "Europe/Dublin",
    "PT": "Europe/Lisbon",
    "FI": "Europe/Helsinki",
    "LT": "Europe/Vilnius",
    "CY": "Europe/Nicosia",
    "LU": "Europe/Luxembourg",
    "DE": "Europe/Berlin",
    "NL": "Europe/Amsterdam",
    "ES": "Europe/Madrid",
    "IT": "Europe/Rome",
    "AT": "Europe/Vienna",
    "BE": "Europe/Brussels",
    "MT": "Europe/Malta",
    "PL": "Europe/Warsaw",
    "SE": "Europe/Stockholm",
    "DK": "Europe/Copenhagen",
    "CZ": "Europe/Prague",
    "SK": "Europe/Bratislava",
}

ROLE_NOTES = {
    "ciso": "Contributor: the CISO, owner of the ICT risks and assets",
    "engineer": "Contributor, granted the German exchange only",
}

USERS = [
    ("admin", Role.ADMINISTRATOR, None),
    ("compliance", Role.COMPLIANCE_MANAGER, None),
    # the ICT risk owner: reads every entity, edits the risks, assets and records they own
    ("ciso", Role.CONTRIBUTOR, None),
    ("engineer", Role.CONTRIBUTOR, ["de"]),
    ("auditor", Role.AUDITOR, None),
    ("board", Role.BOARD_MEMBER, None),
]


def _extra_entities(ctx) -> list[tuple]:
    """At --scale N the group gains N-1 further CASP subsidiaries, offering a rotating service mix."""
    countries = [
        "NL",
        "ES",
        "IT",
        "AT",
        "BE",
        "PT",
        "FI",
        "LT",
        "MT",
        "CY",
        "PL",
        "SE",
        "DK",
        "CZ",
        "SK",
    ]
    catalogue = [
        "custody",
        "transfer",
        "exchange_fiat",
        "exchange_crypto",
        "execution",
        "reception_transmission",
        "advice",
        "portfolio_management",
    ]
    extra = []
    for index in range(1, ctx.scale):
        country = countries[index % len(countries)]
        services = ctx.rng.sample(catalogue, k=3)
        status = MicaStatus.AUTHORISED if ctx.rng.random() < 0.7 else MicaStatus.APPLICANT
        offer = OfferingStatus.ACTIVE if status == MicaStatus.AUTHORISED else OfferingStatus.PLANNED
        extra.append(
            (
                f"x{index}",
                f"Aurora Digital {country} {index:03d}",
                country,
                "National competent authority",
                "eba_CT:x303",
                status,
                {s: (offer, [country]) for s in services},
            )
        )
    return extra


def load(ctx) -> None:
    group = GROUP + _extra_entities(ctx)  # once: it draws from the seeded generator
    load_profiles()
    profiles = list(AuthorityProfile.objects.all())
    entities: dict[str, LegalEntity] = {}
    for number, (key, name, country, authority, etype, status, _services) in enumerate(group):
        entity = LegalEntity(
            name=name,
            lei=make_lei("5299", f"AURORA{number:06d}"),
            country=country,
            entity_type=etype,
            authority=match_profile(authority, country, profiles),
            parent=entities.get("holding"),
            mica_status=status,
            dora_in_scope=status != MicaStatus.NOT_IN_SCOPE,
            time_zone=TIME_ZONES.get(country, "Europe/Paris"),
        )
        entity.full_clean()
        entity.save()
        entities[key] = entity
    ctx.refs["entities"] = entities
    ctx.count("legal entities", len(entities))

    users = {}
    for username, role, keys in USERS:
        granted = list(entities.values()) if keys is None else [entities[k] for k in keys]
        users[username] = create_user(
            username,
            password=ctx.refs["password"],
            role=role,
            entities=granted,
            email=f"{username}@aurora-digital.example",
            check_password=False,
        )
        ctx.logins.append((username, ctx.refs["password"], ROLE_NOTES.get(username, role.label)))
    ctx.refs["users"] = users
    offerings = []
    for key, *_rest, services in group:
        for service, (status, states) in services.items():
            offerings.append(
                ServiceOffering(
                    entity=entities[key], service=service, status=status, member_states=states
                )
            )
    ServiceOffering.objects.bulk_create(offerings)
    audit.record_created(offerings)
    ctx.count("crypto-asset services offered", len(offerings))

    functions = []
    for key, entity in entities.items():
        if key == "holding":
            continue
        offered = {o.service for o in offerings if o.entity_id == entity.pk}
        for suffix, name, critical, rationale, rto, rpo, services in FUNCTIONS:
            if services and not (set(services) & offered):
                continue
            functions.append(
                BusinessFunction(
                    entity=entity,
                    identifier=f"F-{entity.country}-{suffix}",
                    name=name,
                    criticality=Criticality.CRITICAL_OR_IMPORTANT
                    if critical
                    else Criticality.NOT_CRITICAL,
                    criticality_rationale=rationale,
                    rto_hours=rto,
                    rpo_hours=rpo,
                    crypto_services=sorted(set(services) & offered),
                    last_assessed=ctx.today - dt.timedelta(days=ctx.rng.randint(20, 400)),
                    # the engineer owns the German exchange's functions: a contributor's own records
                    owner=users["engineer"] if key == "de" else users["ciso"],
                )
            )
    BusinessFunction.objects.bulk_create(functions)
    audit.record_created(functions)
    ctx.refs["functions"] = functions
    ctx.count("business functions", len(functions))
