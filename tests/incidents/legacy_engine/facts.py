"""Impact facts and timeline of an incident (Delegated Regulation (EU) 2024/1772 Arts 1-7)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from midora.incidents.engine.errors import InvalidIncidentInput

from .reader import Reader, amount_value, check_order, date_value

# RTS-C Art 7(1): costs and losses that count, (a)-(h); Art 7(2): day-to-day costs excluded.
COUNTED_COST_CATEGORIES: dict[str, str] = {
    "expropriated_funds": "7(1)(a)",
    "lost_crypto_assets": "7(1)(a)",
    "replacement_relocation": "7(1)(b)",
    "staff_costs": "7(1)(c)",
    "staff_overtime": "7(1)(c)",
    "contractual_non_compliance_fees": "7(1)(d)",
    "redress": "7(1)(e)",
    "redress_to_clients": "7(1)(e)",
    "forgone_revenues": "7(1)(f)",
    "communication": "7(1)(g)",
    "advisory": "7(1)(h)",
}
EXCLUDED_COST_CATEGORIES: dict[str, str] = {
    "general_maintenance": "7(2)(a)",
    "post_incident_upgrade": "7(2)(b)",
    "business_enhancement": "7(2)(b)",
    "insurance_premium": "7(2)(c)",
    "insurance_premium_increase": "7(2)(c)",
}
THRESHOLD_KEYS = ("t9_1", "t9_2", "t9_3", "t9_4", "t9_5a", "t9_5b", "t9_6")
DATA_DIMENSIONS = ("availability", "authenticity", "integrity", "confidentiality")


@dataclass(frozen=True)
class EntityProfile:
    """The reporting financial entity (DORA Art 2(1)(f); RTS-R Art 5(5)-(6) flags)."""

    type: str
    member_state: str
    timezone: str
    microenterprise: bool = False
    nis2_essential_or_important: bool = False
    nca_art_5_6_decision_notified: bool = False
    nca_decision_notified_at: datetime | None = None


@dataclass(frozen=True)
class ServiceAffected:
    """A service hit by the incident (RTS-C Art 6(a)/(b))."""

    name: str
    supports_critical_or_important_function: bool
    authorised_crypto_asset_service: bool
    crypto_asset_service: str | None = None  # MiCA Art 3(1)(16) letter a-j, when known


@dataclass(frozen=True)
class Reputational:
    """The four reputational-impact cases of RTS-C Art 2(1)(a)-(d)."""

    media: bool = False
    repetitive_complaints: bool = False
    regulatory_requirements_breach_likely: bool = False
    material_client_loss_likely: bool = False


@dataclass(frozen=True)
class DataImpact:
    """Data-loss impact per RTS-C Art 5 and whether it is adverse for Art 9(5)(a)."""

    availability: bool = False
    authenticity: bool = False
    integrity: bool = False
    confidentiality: bool = False
    adverse_impact_established: bool = False

    def dimensions(self) -> tuple[str, ...]:
        return tuple(d for d in DATA_DIMENSIONS if getattr(self, d))


@dataclass(frozen=True)
class CostItem:
    """One cost or loss (RTS-C Art 7), gross, in EUR."""

    category: str
    amount_eur: Decimal
    estimate: bool = False

    @property
    def counted(self) -> bool:
        return self.category in COUNTED_COST_CATEGORIES


@dataclass(frozen=True)
class ImpactFacts:
    """Impact facts of one incident, each criterion of RTS-C Arts 1-7."""

    services_affected: tuple[ServiceAffected, ...] = ()
    successful_malicious_unauthorised_access: bool = False
    access_may_result_in_data_losses: bool | None = None
    description: str = ""
    clients_using_service: int | None = None
    clients_affected: int | None = None
    clients_affected_is_estimate: bool = False
    counterparts_total: int | None = None
    counterparts_affected: int | None = None
    relevant_clients_or_counterparts_affected: bool = False
    transactions_affected: int | None = None
    transactions_affected_value_eur: Decimal | None = None
    transactions_affected_pct_of_daily_avg_number: float | None = None
    transactions_affected_pct_of_daily_avg_value: float | None = None
    reputational: Reputational = field(default_factory=Reputational)
    occurred_at: datetime | None = None
    resolved_at: datetime | None = None
    service_downtime: timedelta | None = None
    member_states_impacted: tuple[str, ...] = ()
    data_impact: DataImpact = field(default_factory=DataImpact)
    costs: tuple[CostItem, ...] = ()
    financial_recoveries_eur: Decimal | None = None
    impact_on_financial_interests_of_clients: bool | None = None


@dataclass(frozen=True)
class Timeline:
    """Moments that drive reporting (RTS-R Art 5; ITS Annex I fields 2.2, 2.3)."""

    aware_at: datetime | None = None
    classified_at: datetime | None = None
    initial_submitted_at: datetime | None = None
    intermediate_submitted_at: datetime | None = None
    latest_intermediate_submitted_at: datetime | None = None
    monthly_recurring_assessment_at: datetime | None = None
    detected_at: datetime | None = None


@dataclass(frozen=True)
class IncidentFacts:
    """One incident: reporting entity, impact facts, timeline and its bank-holiday reference."""

    entity: EntityProfile
    impact: ImpactFacts
    timeline: Timeline
    bank_holidays: str | tuple[date, ...] | None = None


_ENTITY_KEYS = (
    "type",
    "member_state",
    "timezone",
    "microenterprise",
    "nis2_essential_or_important",
    "nca_art_5_6_decision_notified",
    "nca_decision_notified_at",
)
_IMPACT_KEYS = (
    "services_affected",
    "successful_malicious_unauthorised_access",
    "access_may_result_in_data_losses",
    "data_impact_under_9_5_a_established",
    "description",
    "clients_using_service",
    "clients_affected",
    "clients_affected_estimate",
    "counterparts_total",
    "counterparts_affected",
    "relevant_clients_or_counterparts_affected",
    "transactions_affected",
    "transactions_affected_value_eur",
    "transactions_affected_pct_of_daily_avg_number",
    "transactions_affected_pct_of_daily_avg_value",
    "reputational",
    "occurred_at",
    "resolved_at",
    "service_downtime",
    "member_states_impacted",
    "data_impact",
    "costs_eur",
    "costs_eur_estimate",
    "financial_recoveries_eur",
    "impact_on_financial_interests_of_clients",
)
_TIMELINE_KEYS = tuple(Timeline.__dataclass_fields__)


def entity_from_mapping(data: Any, where: str) -> EntityProfile:
    """Parse the reporting entity (RTS-R Art 5(5)-(6) inputs)."""
    r = Reader(data, where, _ENTITY_KEYS)
    state = r.text("member_state")
    if state is None or len(state) != 2 or not state.isupper():
        raise InvalidIncidentInput(r.at("member_state"), "expected an ISO 3166 alpha-2 code")
    tz = r.text("timezone")
    _check_timezone(tz, r.at("timezone"))
    return EntityProfile(
        type=r.text("type") or "crypto_asset_service_provider",
        member_state=state,
        timezone=tz,
        microenterprise=bool(r.boolean("microenterprise", False)),
        nis2_essential_or_important=bool(r.boolean("nis2_essential_or_important", False)),
        nca_art_5_6_decision_notified=bool(r.boolean("nca_art_5_6_decision_notified", False)),
        nca_decision_notified_at=r.moment("nca_decision_notified_at"),
    )


def _check_timezone(tz: str | None, path: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if tz is None:
        raise InvalidIncidentInput(path, "required field is missing")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidIncidentInput(path, f"unknown IANA time zone {tz!r}") from None


def _services(value: Any, path: str) -> tuple[ServiceAffected, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InvalidIncidentInput(path, "expected a list of services")
    out = []
    for i, item in enumerate(value):
        r = Reader(item, f"{path}[{i}]", tuple(ServiceAffected.__dataclass_fields__))
        out.append(
            ServiceAffected(
                name=r.text("name") or f"service {i + 1}",
                supports_critical_or_important_function=bool(
                    r.boolean("supports_critical_or_important_function", False)
                ),
                authorised_crypto_asset_service=bool(
                    r.boolean("authorised_crypto_asset_service", False)
                ),
                crypto_asset_service=r.text("crypto_asset_service"),
            )
        )
    return tuple(out)


def costs_from_value(value: Any, path: str, estimate: bool) -> tuple[CostItem, ...]:
    """Costs as {category: amount} (RTS-C Art 7) or one total amount (counted as a whole)."""
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        return (CostItem("total", amount_value(value, path) or Decimal(0), estimate),)
    known = COUNTED_COST_CATEGORIES.keys() | EXCLUDED_COST_CATEGORIES.keys()
    items = []
    for key, amount in value.items():
        if key not in known:
            raise InvalidIncidentInput(
                f"{path}.{key}", "unknown cost category (see RTS-C Art 7(1)/(2) categories)"
            )
        items.append(
            CostItem(str(key), amount_value(amount, f"{path}.{key}") or Decimal(0), estimate)
        )
    return tuple(items)


def _data_impact(r: Reader) -> DataImpact:
    value = r.raw("data_impact")
    established = bool(r.boolean("data_impact_under_9_5_a_established", False))
    if value is None or value == "none":
        return DataImpact(adverse_impact_established=established)
    keys = (*DATA_DIMENSIONS, "adverse_impact_established")
    d = Reader(value, r.at("data_impact"), keys)
    return DataImpact(
        **{k: bool(d.boolean(k, False)) for k in DATA_DIMENSIONS},
        adverse_impact_established=established or bool(d.boolean("adverse_impact_established")),
    )


def impact_from_mapping(data: Any, where: str) -> ImpactFacts:
    """Parse impact facts; refuse negative counts, shares above 100 %, unknown keys, bad types."""
    r = Reader(data, where, _IMPACT_KEYS)
    if r.has("clients_affected") and r.has("clients_affected_estimate"):
        raise InvalidIncidentInput(
            r.at("clients_affected_estimate"), "give either clients_affected or its estimate"
        )
    clients_key = "clients_affected_estimate" if r.has("clients_affected_estimate") else None
    clients_affected = r.count(clients_key or "clients_affected")
    _share(
        clients_affected, r.count("clients_using_service"), r.at(clients_key or "clients_affected")
    )
    _share(
        r.count("counterparts_affected"),
        r.count("counterparts_total"),
        r.at("counterparts_affected"),
    )
    rep = r.raw("reputational")
    reputational = Reputational()
    if rep is not None:
        rr = Reader(rep, r.at("reputational"), tuple(Reputational.__dataclass_fields__))
        reputational = Reputational(**{k: bool(rr.boolean(k, False)) for k in rr.data})
    occurred_at, resolved_at = r.moment("occurred_at"), r.moment("resolved_at")
    check_order(occurred_at, resolved_at, r.at("resolved_at"), "resolved before it occurred")
    states = r.strings("member_states_impacted")
    for i, cc in enumerate(states):
        if len(cc) != 2 or not cc.isupper():
            raise InvalidIncidentInput(
                f"{r.at('member_states_impacted')}[{i}]", "expected ISO alpha-2"
            )
    return ImpactFacts(
        services_affected=_services(r.raw("services_affected"), r.at("services_affected")),
        successful_malicious_unauthorised_access=bool(
            r.boolean("successful_malicious_unauthorised_access", False)
        ),
        access_may_result_in_data_losses=r.boolean("access_may_result_in_data_losses"),
        description=r.text("description", "") or "",
        clients_using_service=r.count("clients_using_service"),
        clients_affected=clients_affected,
        clients_affected_is_estimate=clients_key is not None,
        counterparts_total=r.count("counterparts_total"),
        counterparts_affected=r.count("counterparts_affected"),
        relevant_clients_or_counterparts_affected=bool(
            r.boolean("relevant_clients_or_counterparts_affected", False)
        ),
        transactions_affected=r.count("transactions_affected"),
        transactions_affected_value_eur=r.amount("transactions_affected_value_eur"),
        transactions_affected_pct_of_daily_avg_number=r.percentage(
            "transactions_affected_pct_of_daily_avg_number"
        ),
        transactions_affected_pct_of_daily_avg_value=r.percentage(
            "transactions_affected_pct_of_daily_avg_value"
        ),
        reputational=reputational,
        occurred_at=occurred_at,
        resolved_at=resolved_at,
        service_downtime=r.duration("service_downtime"),
        member_states_impacted=states,
        data_impact=_data_impact(r),
        costs=costs_from_value(r.raw("costs_eur"), r.at("costs_eur"), False)
        + costs_from_value(r.raw("costs_eur_estimate"), r.at("costs_eur_estimate"), True),
        financial_recoveries_eur=r.amount("financial_recoveries_eur"),
        impact_on_financial_interests_of_clients=r.boolean(
            "impact_on_financial_interests_of_clients"
        ),
    )


def _share(part: int | None, whole: int | None, path: str) -> None:
    if part is not None and whole is not None and part > whole:
        raise InvalidIncidentInput(path, f"{part} affected out of {whole}: share above 100 %")


def timeline_from_mapping(data: Any, where: str) -> Timeline:
    """Parse the reporting timeline; refuse steps out of order (RTS-R Art 5 anchors)."""
    r = Reader(data if data is not None else {}, where, _TIMELINE_KEYS)
    t = Timeline(**{k: r.moment(k) for k in _TIMELINE_KEYS})
    check_order(t.aware_at, t.classified_at, r.at("classified_at"), "classified before aware")
    check_order(
        t.classified_at,
        t.initial_submitted_at,
        r.at("initial_submitted_at"),
        "initial notification submitted before classification",
    )
    check_order(
        t.initial_submitted_at,
        t.intermediate_submitted_at,
        r.at("intermediate_submitted_at"),
        "intermediate report before initial notification",
    )
    first_intermediate = t.intermediate_submitted_at or t.initial_submitted_at
    check_order(
        first_intermediate,
        t.latest_intermediate_submitted_at,
        r.at("latest_intermediate_submitted_at"),
        "latest intermediate report before the first intermediate/initial submission",
    )
    return t


def holidays_reference(value: Any, path: str) -> str | tuple[date, ...] | None:
    """A named holiday list (resolved by the caller) or an explicit list of dates."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list):
        return tuple(date_value(v, f"{path}[{i}]") for i, v in enumerate(value))
    raise InvalidIncidentInput(path, "expected a holiday-list name or a list of dates")


def facts_from_mapping(data: Any, where: str = "input") -> IncidentFacts:
    """Parse an incident case {entity, bank_holidays, incident, timeline} (RTS-C Arts 1-7)."""
    r = Reader(data, where, ("entity", "bank_holidays", "incident", "timeline"))
    entity = entity_from_mapping(r.require("entity"), r.at("entity"))
    impact = impact_from_mapping(r.require("incident"), r.at("incident"))
    timeline = timeline_from_mapping(r.raw("timeline"), r.at("timeline"))
    check_order(
        impact.occurred_at,
        timeline.aware_at,
        r.at("timeline.aware_at"),
        "aware before the incident occurred",
    )
    check_order(
        impact.occurred_at,
        timeline.classified_at,
        r.at("timeline.classified_at"),
        "classified before the incident occurred",
    )
    return IncidentFacts(
        entity=entity,
        impact=impact,
        timeline=timeline,
        bank_holidays=holidays_reference(r.raw("bank_holidays"), r.at("bank_holidays")),
    )
