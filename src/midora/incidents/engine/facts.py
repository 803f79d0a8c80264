"""Impact facts and timeline of an incident (Delegated Regulation (EU) 2024/1772 Arts 1-7)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from midora.incidents.engine import schema
from midora.incidents.engine.costs import COUNTED_COST_CATEGORIES, KNOWN_COST_CATEGORIES
from midora.incidents.engine.downtime import DowntimeInput, service_downtime
from midora.incidents.engine.errors import InvalidIncidentInput
from midora.incidents.engine.reader import (
    DATA_IMPACT_KEYS,
    DOWNTIME_FIGURES,
    ENTITY_KEYS,
    INCIDENT_KEYS,
    REPUTATIONAL_KEYS,
    SERVICE_KEYS,
    closed,
    flag,
    flags_block,
    maybe_flag,
    moment,
    one_of,
    percentage,
    recall,
    refused,
    remember,
    state_code,
    state_codes,
    text,
    tri_state,
)
from midora.incidents.engine.schema import (
    DURATIONS,
    NOT_AVAILABLE,
    amount_value,
    date_value,
    duration_value,
)
from midora.incidents.engine.timeline import Timeline, timeline_facts

THRESHOLD_KEYS = ("t9_1", "t9_2", "t9_3", "t9_4", "t9_5a", "t9_5b", "t9_6")
DATA_DIMENSIONS = ("availability", "authenticity", "integrity", "confidentiality")
DEFAULT_ENTITY_TYPE = "crypto_asset_service_provider"


@dataclass(frozen=True, slots=True)
class EntityProfile:
    """The reporting financial entity (DORA Art 2(1)(f); RTS-R Art 5(5)-(6) flags)."""

    type: str
    member_state: str
    timezone: str
    microenterprise: bool = False
    nis2_essential_or_important: bool = False
    nca_art_5_6_decision_notified: bool = False
    nca_decision_notified_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ServiceAffected:
    """A service hit by the incident (RTS-C Art 6(a)/(b))."""

    name: str
    supports_critical_or_important_function: bool
    authorised_crypto_asset_service: bool
    crypto_asset_service: str | None = None  # MiCA Art 3(1)(16) letter a-j, when known


@dataclass(frozen=True, slots=True)
class Reputational:
    """The four reputational-impact cases of RTS-C Art 2(1)(a)-(d)."""

    media: bool = False
    repetitive_complaints: bool = False
    regulatory_requirements_breach_likely: bool = False
    material_client_loss_likely: bool = False


@dataclass(frozen=True, slots=True)
class DataImpact:
    """Data-loss impact per RTS-C Art 5 and whether it is adverse for Art 9(5)(a)."""

    availability: bool = False
    authenticity: bool = False
    integrity: bool = False
    confidentiality: bool = False
    adverse_impact_established: bool = False

    def dimensions(self) -> tuple[str, ...]:
        return tuple(d for d in DATA_DIMENSIONS if getattr(self, d))


@dataclass(slots=True)
class CostItem:
    """One cost or loss (RTS-C Art 7), gross, in EUR."""

    category: str
    amount_eur: Decimal
    estimate: bool = False

    @property
    def counted(self) -> bool:
        return self.category in COUNTED_COST_CATEGORIES


NO_REPUTATIONAL_IMPACT = Reputational()
NO_DATA_IMPACT = DataImpact()


@dataclass(slots=True)
class ImpactFacts:
    """Impact facts of one incident, each criterion of RTS-C Arts 1-7 (read-only by convention:
    the facts classes are plain slotted dataclasses, several times faster to build than frozen ones).

    `service_downtime` is the downtime that counts (given, or computed from the service
    timestamps per RTS-C Art 3(2)); `impact_on_financial_interests_of_clients` is True, False,
    None (not stated) or "information_not_available" (field 3.30); `estimated` names the
    figures that are estimates (an `estimates` block not yet replaced by actual figures).
    """

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
    reputational: Reputational = NO_REPUTATIONAL_IMPACT
    occurred_at: datetime | None = None
    resolved_at: datetime | None = None
    service_downtime: timedelta | None = None
    member_states_impacted: tuple[str, ...] = ()
    data_impact: DataImpact = NO_DATA_IMPACT
    costs: tuple[CostItem, ...] = ()
    financial_recoveries_eur: Decimal | None = None
    impact_on_financial_interests_of_clients: bool | str | None = None
    service_unavailable_from: datetime | None = None
    service_restored_at: datetime | None = None
    backlog_cleared_at: datetime | None = None
    duration_downtime_figures: str | None = None
    estimated: frozenset[str] = frozenset()
    downtime_basis: str | None = None  # the RTS-C Art 3(2) arithmetic, when computed

    @property
    def financial_interest_known(self) -> bool:
        """Field 3.30 answered yes or no (not missing, not 'information not available')."""
        return isinstance(self.impact_on_financial_interests_of_clients, bool)


@dataclass(slots=True)
class IncidentFacts:
    """One incident: reporting entity, impact facts, timeline and its bank-holiday reference."""

    entity: EntityProfile
    impact: ImpactFacts
    timeline: Timeline
    bank_holidays: str | tuple[date, ...] | None = None


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo | None:
    """The IANA time zone of that name (cached), or None when unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


_PROFILES: dict[Any, EntityProfile] = {}  # a batch repeats the same few entities
_SERVICES: dict[Any, ServiceAffected] = {}
_REPUTATIONS: dict[Any, Reputational] = {}


def entity_profile(e: Any, where: str) -> EntityProfile:
    """The reporting entity, read in one pass (RTS-R Art 5(5)-(6) inputs)."""
    key, known = recall(_PROFILES, e)
    if known is not None:
        return known
    get = closed(e, ENTITY_KEYS, where).get
    tz = get("timezone")
    if type(tz) is not str:
        raise refused(where, "timezone", "expected text")
    profile = EntityProfile(
        text(get("type"), where, "type") or DEFAULT_ENTITY_TYPE,
        state_code(get("member_state"), where, "member_state"),
        tz,
        flag(get("microenterprise", False), where, "microenterprise"),
        flag(get("nis2_essential_or_important", False), where, "nis2_essential_or_important"),
        flag(get("nca_art_5_6_decision_notified", False), where, "nca_art_5_6_decision_notified"),
        moment(get("nca_decision_notified_at"), where, "nca_decision_notified_at"),
    )
    if zone(tz) is None:
        raise InvalidIncidentInput(f"{where}.timezone", f"unknown IANA time zone {tz!r}")
    remember(_PROFILES, key, profile)
    return profile


def entity_from_mapping(data: Any, where: str) -> EntityProfile:
    """Parse the reporting entity (RTS-R Art 5(5)-(6) inputs)."""
    return entity_profile(schema.validate(schema.ENTITY, data, where), where)


def costs_from_value(value: Any, where: str, field: str, estimate: bool) -> tuple[CostItem, ...]:
    """Costs as {category: amount} (RTS-C Art 7) or one total amount (counted as a whole)."""
    if value is None:
        return ()
    if type(value) is not dict and not isinstance(value, Mapping):
        return (CostItem("total", amount_value(value, f"{where}.{field}"), estimate),)
    items = []
    for key, amount in value.items():
        if key not in KNOWN_COST_CATEGORIES:
            raise InvalidIncidentInput(
                f"{where}.{field}.{key}",
                "unknown cost category (see RTS-C Art 7(1)/(2) categories)",
            )
        if type(amount) is int and amount >= 0:  # no path to write for a valid whole amount
            items.append(CostItem(key, Decimal(amount), estimate))
        else:
            items.append(CostItem(key, amount_value(amount, f"{where}.{field}.{key}"), estimate))
    return tuple(items)


def _services(items: Any, where: str) -> tuple[ServiceAffected, ...]:
    if items is None:
        return ()
    if type(items) is not list:
        raise refused(where, "services_affected", "expected a list")
    out = []
    for i, s in enumerate(items):
        # the key: a service block's plain values when they are all of the accepted types (else
        # None: it is read, and refused if need be, field by field)
        key = known = None
        if type(s) is dict and s.keys() <= SERVICE_KEYS:
            get = s.get
            name, cif, authorised = get("name"), get(CIF, False), get(AUTHORISED, False)
            kind = get(KIND)
            if (
                type(cif) is bool
                and type(authorised) is bool
                and (name is None or type(name) is str)
                and (kind is None or type(kind) is str)
            ):
                key = i, name, cif, authorised, kind
                known = _SERVICES.get(key)
        if known is None:
            get = closed(s, SERVICE_KEYS, where).get
            known = ServiceAffected(
                text(get("name"), where, "services_affected") or f"service {i + 1}",
                flag(get(CIF, False), where, CIF),
                flag(get(AUTHORISED, False), where, AUTHORISED),
                text(get("crypto_asset_service"), where, "crypto_asset_service"),
            )
            remember(_SERVICES, key, known)
        out.append(known)
    return tuple(out)


CIF = "supports_critical_or_important_function"
KIND = "crypto_asset_service"
AUTHORISED = "authorised_crypto_asset_service"
NO_DATA_IMPACT_ESTABLISHED = DataImpact(adverse_impact_established=True)
NULLABLE_DATA_IMPACT = frozenset({"adverse_impact_established"})


def _share(part: int | None, whole: int | None, where: str, key: str) -> None:
    if part is not None and whole is not None and part > whole:
        raise refused(where, key, f"{part} affected out of {whole}: share above 100 %")


def _data_impact(value: Any, established: Any, where: str) -> DataImpact:
    if established is not None and type(established) is not bool:
        raise refused(where, ESTABLISHED, "expected true, false or null")
    if value is None or value == "none":
        return NO_DATA_IMPACT_ESTABLISHED if established else NO_DATA_IMPACT
    get = flags_block(value, DATA_IMPACT_KEYS, where, "data_impact", NULLABLE_DATA_IMPACT).get
    return DataImpact(
        get("availability", False),
        get("authenticity", False),
        get("integrity", False),
        get("confidentiality", False),
        bool(established) or bool(get("adverse_impact_established")),
    )


def _reputational(value: Any, where: str) -> Reputational:
    key = None
    if type(value) is dict and value.keys() <= REPUTATIONAL_KEYS:
        key = tuple(value.items())
        for answer in value.values():
            if type(answer) is not bool:
                key = None
                break
        known = _REPUTATIONS.get(key) if key is not None else None
        if known is not None:
            return known
    if value is None or value == {}:
        return NO_REPUTATIONAL_IMPACT
    get = flags_block(value, REPUTATIONAL_KEYS, where, "reputational", frozenset()).get
    known = Reputational(
        get("media", False),
        get("repetitive_complaints", False),
        get("regulatory_requirements_breach_likely", False),
        get("material_client_loss_likely", False),
    )
    remember(_REPUTATIONS, key, known)
    return known


def impact_facts(
    i: Any,
    where: str,
    detected_at: datetime | None = None,
    estimated: frozenset[str] = frozenset(),
) -> ImpactFacts:
    """Impact facts of an `incident` block (or a figures view laid over it), read in one pass.

    Refuses what the types alone cannot: more affected than using the service, a resolution
    or service timestamps out of order, clients given both as actual figure and estimate.
    """
    if type(i) is not dict:
        raise refused(where, None, "not a mapping of the known keys")
    get = i.get
    actual, using = get("clients_affected"), get("clients_using_service")
    if i.keys() <= USUALLY_GIVEN:  # most incidents give none of the others: no look-ups
        (estimate, counterparts, counterparts_total, transactions, unavailable, restored, backlog,
         cost_estimates, value, recoveries, number, share, may_lose, relevant, description,
         figures, data_impact, established) = NONE_GIVEN  # fmt: skip
        if (actual is None or (type(actual) is int and actual >= 0)) and (
            using is None or (type(using) is int and using >= 0)
        ):
            counts: tuple[Any, ...] = ()
        else:
            counts = (actual, using)
    elif not i.keys() <= INCIDENT_KEYS:
        raise refused(where, None, "not a mapping of the known keys")
    else:
        estimate, counterparts = get("clients_affected_estimate"), get("counterparts_affected")
        counterparts_total, transactions = get("counterparts_total"), get("transactions_affected")
        unavailable, restored = get("service_unavailable_from"), get("service_restored_at")
        backlog, cost_estimates = get("backlog_cleared_at"), get("costs_eur_estimate")
        value = get("transactions_affected_value_eur")
        recoveries = get("financial_recoveries_eur")
        number, share = get(PCT_NUMBER), get(PCT_VALUE)
        may_lose, relevant = get(MAY_LOSE_DATA), get(RELEVANT)
        description, figures = get("description"), get("duration_downtime_figures")
        data_impact, established = get("data_impact"), get(ESTABLISHED)
        counts = (actual, estimate, using, counterparts, counterparts_total, transactions)
    for figure in counts:
        if figure is not None and (type(figure) is not int or figure < 0):
            key = next(k for k in COUNTS if get(k) is figure)
            raise refused(where, key, "expected a whole number, not negative")
    if estimate is not None:
        if actual is not None:
            raise InvalidIncidentInput(
                f"{where}.clients_affected_estimate", "give either clients_affected or its estimate"
            )
        actual = estimate
    if actual is not None and using is not None and actual > using:
        key = "clients_affected" if estimate is None else "clients_affected_estimate"
        _share(actual, using, where, key)
    if counterparts is not None and counterparts_total is not None:
        _share(counterparts, counterparts_total, where, "counterparts_affected")
    occurred, resolved = get("occurred_at"), get("resolved_at")
    if occurred is not None:
        occurred = moment(occurred, where, "occurred_at")
    if resolved is not None:
        resolved = moment(resolved, where, "resolved_at")
    if occurred is not None and resolved is not None and resolved < occurred:
        raise refused(where, "resolved_at", "resolved before it occurred")
    downtime, basis = get("service_downtime"), None
    if downtime is not None:
        known = DURATIONS.get(downtime) if type(downtime) is str else None
        if known is None:
            known = duration_value(downtime, f"{where}.service_downtime")
        downtime = known
    if unavailable is not None or restored is not None or backlog is not None:
        unavailable = moment(unavailable, where, "service_unavailable_from")
        restored = moment(restored, where, "service_restored_at")
        backlog = moment(backlog, where, "backlog_cleared_at")
        if downtime is not None:
            raise InvalidIncidentInput(
                f"{where}.service_downtime",
                "give either service_downtime or the service timestamps "
                "(service_unavailable_from, service_restored_at, backlog_cleared_at)",
            )
        computed = service_downtime(
            DowntimeInput(unavailable, restored, backlog, occurred, detected_at), where
        )
        downtime, basis = computed.downtime, computed.explanation
    costs = get("costs_eur")
    if costs is not None:
        costs = costs_from_value(costs, where, "costs_eur", "costs_eur" in estimated)
    else:
        costs = ()
    if cost_estimates is not None:
        costs += costs_from_value(cost_estimates, where, "costs_eur_estimate", True)
    malicious, field_3_30 = get(MALICIOUS, False), get(FIELD_3_30)
    services, states = get("services_affected"), get("member_states_impacted")
    reputational = get("reputational")
    if field_3_30 is not None and type(field_3_30) is not bool:
        field_3_30 = _tri_state(tri_state(field_3_30, where, FIELD_3_30))
    return ImpactFacts(
        () if services is None else _services(services, where),
        malicious if type(malicious) is bool else flag(malicious, where, MALICIOUS),
        may_lose if may_lose is None else maybe_flag(may_lose, where, MAY_LOSE_DATA),
        "" if description is None else text(description, where, "description") or "",
        using,
        actual,
        estimate is not None or ("clients_affected" in estimated),
        counterparts_total,
        counterparts,
        False if relevant is None else bool(maybe_flag(relevant, where, RELEVANT)),
        transactions,
        None if value is None else amount_value(value, f"{where}.transactions_affected_value_eur"),
        None if number is None else percentage(number, where, PCT_NUMBER),
        None if share is None else percentage(share, where, PCT_VALUE),
        NO_REPUTATIONAL_IMPACT if reputational is None else _reputational(reputational, where),
        occurred,
        resolved,
        downtime,
        () if states is None else state_codes(states, where, "member_states_impacted"),
        NO_DATA_IMPACT
        if data_impact is None and established is None
        else _data_impact(data_impact, established, where),
        costs,
        None
        if recoveries is None
        else amount_value(recoveries, f"{where}.financial_recoveries_eur"),
        field_3_30,
        unavailable,
        restored,
        backlog,
        figures if figures is None else one_of(figures, DOWNTIME_FIGURES, where, FIGURES),
        estimated,
        basis,
    )


COUNTS = (
    "clients_affected",
    "clients_affected_estimate",
    "clients_using_service",
    "counterparts_affected",
    "counterparts_total",
    "transactions_affected",
)
MALICIOUS = "successful_malicious_unauthorised_access"
MAY_LOSE_DATA = "access_may_result_in_data_losses"
RELEVANT = "relevant_clients_or_counterparts_affected"
PCT_NUMBER = "transactions_affected_pct_of_daily_avg_number"
PCT_VALUE = "transactions_affected_pct_of_daily_avg_value"
ESTABLISHED = "data_impact_under_9_5_a_established"
FIELD_3_30 = "impact_on_financial_interests_of_clients"
FIGURES = "duration_downtime_figures"
# The facts an incident block seldom gives: read only when one of them is there.
SELDOM_GIVEN: frozenset[str] = frozenset(
    {
        "clients_affected_estimate",
        "counterparts_affected",
        "counterparts_total",
        "transactions_affected",
        "service_unavailable_from",
        "service_restored_at",
        "backlog_cleared_at",
        "costs_eur_estimate",
        "transactions_affected_value_eur",
        "financial_recoveries_eur",
        PCT_NUMBER,
        PCT_VALUE,
        MAY_LOSE_DATA,
        RELEVANT,
        "description",
        "duration_downtime_figures",
        "data_impact",
        ESTABLISHED,
    }
)
USUALLY_GIVEN = INCIDENT_KEYS - SELDOM_GIVEN
NONE_GIVEN = (None,) * len(SELDOM_GIVEN)


def _tri_state(value: bool | str | None) -> bool | str | None:
    """Field 3.30 as True, False, None or 'information_not_available'."""
    if value == "yes":
        return True
    if value == "no":
        return False
    return value


def impact_from_mapping(data: Any, where: str) -> ImpactFacts:
    """Parse impact facts; refuse negative counts, shares above 100 %, unknown keys, bad types."""
    return impact_facts(schema.validate(schema.INCIDENT, data, where), where)


def check_against_occurrence(impact: ImpactFacts, timeline: Timeline, where: str) -> None:
    """Awareness and classification cannot precede the occurrence of the incident."""
    occurred = impact.occurred_at
    if occurred is not None:
        aware, classified = timeline.aware_at, timeline.classified_at
        if aware is not None and aware < occurred:
            raise refused(where, "timeline.aware_at", "aware before the incident occurred")
        if classified is not None and classified < occurred:
            raise refused(
                where, "timeline.classified_at", "classified before the incident occurred"
            )


def holidays_reference(value: Any, path: str) -> str | tuple[date, ...] | None:
    """A named holiday list (resolved by the caller) or an explicit list of dates."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list):
        return tuple(date_value(v, f"{path}[{i}]") for i, v in enumerate(value))
    raise InvalidIncidentInput(path, "expected a holiday-list name or a list of dates")


_PARTS: dict[str, tuple[str, str, str]] = {}


def _parts(where: str) -> tuple[str, str, str]:
    """The paths of a case's entity, timeline and incident blocks (kept for the usual few)."""
    parts = f"{where}.entity", f"{where}.timeline", f"{where}.incident"
    if len(_PARTS) < 64:
        _PARTS[where] = parts
    return parts


def facts_of_case(
    case: dict[str, Any], where: str, entity: EntityProfile | None = None
) -> IncidentFacts:
    """The facts of a single-incident case, validated or as given (RTS-C Arts 1-7)."""
    return IncidentFacts(*case_facts(case, where, entity))


CaseFacts = tuple[EntityProfile, ImpactFacts, Timeline, str | tuple[date, ...] | None]


def case_facts(case: dict[str, Any], where: str, entity: EntityProfile | None = None) -> CaseFacts:
    """`facts_of_case` as its parts: entity, impact facts, timeline and bank-holiday reference."""
    incident = case.get("incident")
    at_entity, at_timeline, at_incident = _PARTS.get(where) or _parts(where)
    if incident is None:
        raise InvalidIncidentInput(at_incident, "required field is missing")
    entity = entity or entity_profile(case.get("entity"), at_entity)
    timeline = timeline_facts(case.get("timeline"), at_timeline)
    impact = impact_facts(incident, at_incident, timeline.detected_at or timeline.aware_at)
    check_against_occurrence(impact, timeline, where)
    holidays = case.get("bank_holidays")
    if holidays is not None and not isinstance(holidays, str):
        holidays = holidays_reference(holidays, f"{where}.bank_holidays")
    return entity, impact, timeline, holidays


def facts_from_mapping(data: Any, where: str = "input") -> IncidentFacts:
    """Parse an incident case {entity, bank_holidays, incident, timeline} (RTS-C Arts 1-7)."""
    case = schema.validate(schema.CASE, data, where)
    for key in ("recurring_group", "threat", "estimates", "actuals", "actuals_established_at"):
        if key in case:
            raise InvalidIncidentInput(f"{where}.{key}", "unknown key")
    return facts_of_case(case, where)


def financial_interest_label(value: bool | str | None) -> str:
    """Field 3.30 as the template writes it: yes, no or information not available."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return NOT_AVAILABLE
