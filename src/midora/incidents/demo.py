"""Demo step: incidents of the Aurora group — a major DDoS, a custody key-ceremony failure, a KYC
provider's recurring outages, minor incidents (scaled), cyber threats and a holiday override."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from midora.incidents.services.decisions import save_decision
from midora.incidents.services.intake import IntakeData, intake
from midora.incidents.services.reporting import create_report, mark_sent

ORDER = 60

CONTACT = {
    "contact_email": "dora-desk@aurora-digital.example",
    "contact_name": "Dora Desk",
    "secondary_contact_email": "ciso@aurora-digital.example",
    "secondary_contact_name": "Chief Information Security Officer",
}
MINOR = [
    ("Marketing website CDN misconfiguration", [], "MKTG", 40, "PT1H30M"),
    ("Blockchain node fell behind the chain tip", ["transfer"], "TRSF", 20, "PT45M"),
    ("Phishing e-mail reported by staff, no click", [], None, 0, None),
    ("Regulatory reporting batch job failed overnight", [], "FINR", 0, "PT5H"),
    ("Travel-rule message backlog", ["transfer"], "TRSF", 120, "PT1H10M"),
    ("Client support chat unavailable", [], "CLSV", 300, "PT3H"),
    ("Market surveillance alert feed delayed", [], "MKTS", 0, "PT40M"),
    ("Fiat withdrawal file rejected by the bank", ["exchange_fiat"], "PAYM", 210, "PT1H50M"),
]


def _at(ctx: Any, entity: Any, days_ago: int, hour: int, minute: int = 0) -> dt.datetime:
    day = ctx.today - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(entity.time_zone))


def _functions(entity: Any, *suffixes: str) -> list[int]:
    from midora.core.models import BusinessFunction

    ids = BusinessFunction.objects.filter(
        entity=entity, identifier__in=[f"F-{entity.country}-{s}" for s in suffixes]
    ).values_list("pk", flat=True)
    return list(ids)


def _links(entity: Any, words: tuple[str, ...] = ()) -> dict[str, list[int]]:
    """ICT assets, providers and arrangements of the entity, when those registers hold some."""
    from django.db.models import Q

    from midora.ictrisk.models import ICTAsset
    from midora.suppliers.models import ContractualArrangement, ICTProvider

    def match(qs: Any, field: str) -> list[int]:
        if not words:
            return []
        cond = Q()
        for word in words:
            cond |= Q(**{f"{field}__icontains": word})
        return list(qs.filter(cond).values_list("pk", flat=True)[:2])

    providers = match(ICTProvider.objects.filter(entities=entity), "name")
    return {
        "ict_asset_ids": match(ICTAsset.objects.filter(entity=entity), "name"),
        "provider_ids": providers,
        "arrangement_ids": list(
            ContractualArrangement.objects.filter(
                entity=entity, provider_id__in=providers
            ).values_list("pk", flat=True)[:2]
        ),
    }


def _ddos(ctx: Any, user: Any, de: Any) -> None:
    occurred = _at(ctx, de, 3, 14, 5)
    data = IntakeData(
        title="DDoS on the spot trading platform",
        description="Volumetric and application-layer DDoS against the public trading API and web "
        "front end; order entry unavailable or degraded for EU clients until traffic scrubbing "
        "was moved to the backup provider.",
        timeline={
            "occurred_at": occurred,
            "detected_at": occurred + dt.timedelta(minutes=6),
            "aware_at": occurred + dt.timedelta(minutes=15),
            "classified_at": occurred + dt.timedelta(hours=2, minutes=5),
            "resolved_at": occurred + dt.timedelta(hours=3, minutes=40),
        },
        impact={
            "clients_using_service": 182000,
            "clients_affected": 64100,
            "transactions_affected_pct_of_daily_avg_number": 22.5,
            "transactions_affected_pct_of_daily_avg_value": 18.0,
            "reputational": {"media": True, "repetitive_complaints": True},
            "service_downtime": "PT3H40M",
            "member_states_impacted": ["DE", "AT", "NL"],
            "costs_eur_estimate": {
                "staff_overtime": "42000",
                "forgone_revenues": "180000",
                "communication": "15000",
                "advisory": "28000",
            },
            "financial_recoveries_eur": "0",
            "impact_on_financial_interests_of_clients": True,
        },
        crypto_services=["trading_platform", "exchange_crypto"],
        function_ids=_functions(de, "TRAD", "EXEC"),
        report_text={
            **CONTACT,
            "discovery": "monitoring_systems",
            "bcp_activated": True,
            "incident_types": ["cybersecurity-related"],
            "threat_techniques": ["ddos"],
            "functional_areas": "Spot trading, order entry, market data",
            "infrastructure_affected": "yes",
            "infrastructure_description": "Public API gateway, web front end, DDoS scrubbing",
            "reporting_to_other_authorities": ["csirt"],
            "temporary_actions": True,
            "temporary_actions_description": "Traffic moved to the backup scrubbing provider",
        },
        **_links(de, ("cloud", "ddos", "cdn", "gateway", "trading")),
    )
    incident, _ = intake(
        user=user, entity=de, data=data, source="api", idempotency_key="siem-ddos-4471"
    )
    initial = create_report(incident, "initial_notification", user)
    mark_sent(initial, user, sent_at=occurred + dt.timedelta(hours=3, minutes=20))
    create_report(incident, "intermediate_report", user)
    for point, decision, why in [
        ("trading_platform_halt", "yes", "Trading halted 14:40-17:30 under operating rule 7.2."),
        ("bcp_activation", "yes", "BCP scenario S-04 activated; backup scrubbing provider."),
        ("client_information", "yes", "Status page and e-mail to affected clients at 15:30."),
        ("market_abuse_suspicion", "no", "No sign the attack was used to move prices."),
        ("complaints_handling", "pending", ""),
    ]:
        save_decision(incident, point, {"decision": decision, "rationale": why}, user)


def _key_ceremony(ctx: Any, user: Any, fr: Any) -> None:
    occurred = _at(ctx, fr, 1, 9, 0)
    data = IntakeData(
        title="Custody key ceremony failed: HSM quorum not reached",
        description="Scheduled rotation of the hot-wallet signing keys aborted when two HSM "
        "quorum cards failed; withdrawals paused until the ceremony was repeated with the "
        "backup quorum.",
        timeline={
            "occurred_at": occurred,
            "detected_at": occurred + dt.timedelta(minutes=20),
            "aware_at": occurred + dt.timedelta(minutes=30),
            "resolved_at": occurred + dt.timedelta(hours=30),
        },
        impact={
            "clients_using_service": 41000,
            "clients_affected": 3200,
            "service_downtime": "PT30H",
            "member_states_impacted": ["FR", "BE"],
            "costs_eur": {"staff_overtime": "21000", "advisory": "44000"},
            "impact_on_financial_interests_of_clients": False,
        },
        crypto_services=["custody", "transfer"],
        function_ids=_functions(fr, "KEYM", "CUST"),
        apparent_root_cause="HSM quorum card failure",
        report_text={**CONTACT, "discovery": "staff", "bcp_activated": False},
        **_links(fr, ("hsm", "custody", "wallet", "key")),
    )
    incident, _ = intake(user=user, entity=fr, data=data, source="web")
    create_report(incident, "initial_notification", user)
    save_decision(
        incident,
        "custody_safekeeping_impact",
        {"decision": "no", "rationale": "No loss of crypto-assets or keys; keys never exposed."},
        user,
    )


def _kyc_outages(ctx: Any, user: Any, de: Any) -> None:
    for number, days_ago in enumerate((118, 64, 9)):
        occurred = _at(ctx, de, days_ago, 10, 15)
        data = IntakeData(
            title=f"KYC provider outage ({number + 1})",
            description="Identity-verification provider answered with rate-limit errors; "
            "onboarding and limit increases queued.",
            timeline={
                "occurred_at": occurred,
                "aware_at": occurred + dt.timedelta(minutes=25),
                "resolved_at": occurred + dt.timedelta(hours=3, minutes=10),
            },
            impact={
                "clients_using_service": 120000,
                "clients_affected": 900 + 150 * number,
                "service_downtime": "PT3H10M",
                "member_states_impacted": ["DE"],
                "costs_eur": {"staff_costs": "18000", "forgone_revenues": "22000"},
            },
            function_ids=_functions(de, "ONBD"),
            apparent_root_cause="KYC provider API rate limiting",
            **_links(de, ("kyc", "identity", "onboarding")),
        )
        intake(user=user, entity=de, data=data, source="web")


def _minor(ctx: Any, user: Any, entities: list[Any]) -> int:
    count = 0
    for index in range(len(MINOR) * ctx.scale):
        title, services, function, clients, downtime = MINOR[index % len(MINOR)]
        entity = entities[ctx.rng.randrange(len(entities))]
        occurred = _at(ctx, entity, ctx.rng.randint(2, 330), ctx.rng.randint(0, 22))
        impact: dict[str, Any] = {
            "clients_using_service": 50000,
            "clients_affected": clients,
            "member_states_impacted": [entity.country],
        }
        if downtime:
            impact["service_downtime"] = downtime
        if ctx.rng.random() < 0.5:
            impact["costs_eur"] = {"staff_overtime": str(ctx.rng.randint(500, 15000))}
        data = IntakeData(
            title=title,
            timeline={
                "occurred_at": occurred,
                "aware_at": occurred + dt.timedelta(minutes=ctx.rng.randint(5, 240)),
                "resolved_at": occurred + dt.timedelta(hours=ctx.rng.randint(1, 12)),
            },
            impact=impact,
            crypto_services=[
                s for s in services if entity.offerings.filter(service=s, status="active").exists()
            ],
            function_ids=_functions(entity, function) if function else [],
        )
        incident, _ = intake(user=user, entity=entity, data=data, source="web")
        if occurred < _at(ctx, entity, 30, 0):
            incident.status = "closed"
            incident.save()
        count += 1
    return count


def _threats(ctx: Any, user: Any, fr: Any, de: Any) -> None:
    from midora.incidents.models import CyberThreat
    from midora.incidents.services.reporting import assess_threat, send_threat_notification

    significant = CyberThreat(
        entity=fr,
        title="SIM-swap and phishing campaign against clients",
        description="Known group running phishing and SIM-swap attacks on EU CASP clients; a "
        "cloned login page of Aurora Custody was found.",
        detected_at=_at(ctx, fr, 12, 9),
        potential_impact="Account takeover and unauthorised withdrawals for clients on SMS 2FA.",
        status="active",
        actions_taken="Clone taken down; SMS 2FA being retired.",
        contact_name="Security operations lead",
        contact_email="soc@aurora-custody.example",
        facts={
            "could_affect": {"critical_or_important_functions": True, "clients": True},
            "probability_assessment": {
                "exploitable_weakness": "SMS-based 2FA still enabled for 35 % of clients",
                "actor_capability_and_intent": "known, financially motivated, active",
                "persistence": "campaign ongoing for three weeks",
            },
            "high_probability_of_materialisation": True,
            "if_materialised_could_meet": {"art_6_criticality": True, "t9_1": True},
        },
        owner=user,
    )
    assess_threat(significant)
    significant.save()
    send_threat_notification(significant, sent_at=_at(ctx, fr, 11, 16))
    minor = CyberThreat(
        entity=de,
        title="Scanning of the public API from a botnet",
        description="Low-rate scanning of API endpoints; no exploitable weakness found.",
        detected_at=_at(ctx, de, 20, 3),
        facts={"could_affect": {"clients": True}, "high_probability_of_materialisation": False},
        owner=user,
    )
    assess_threat(minor)
    minor.save()


def load(ctx: Any) -> None:
    from midora.incidents.models import HolidayOverride, Incident

    entities = ctx.refs["entities"]
    user = ctx.refs["users"]["ciso"]
    fr, de = entities["fr"], entities["de"]
    _ddos(ctx, user, de)
    _key_ceremony(ctx, user, fr)
    _kyc_outages(ctx, user, de)
    casps = [e for key, e in entities.items() if key != "holding"]
    minor = _minor(ctx, user, casps)
    _threats(ctx, user, fr, de)
    HolidayOverride.objects.create(
        competent_authority="AMF",
        country="FR",
        day=dt.date(ctx.today.year, 12, 24),
        kind="add",
        name="Authority closed on Christmas Eve",
        owner=user,
    )
    ctx.count("incidents", Incident.objects.count())
    ctx.count("  of which major", Incident.objects.filter(is_major=True).count())
    ctx.count("  of which minor (scaled)", minor)
    ctx.count("cyber threats", 2)
