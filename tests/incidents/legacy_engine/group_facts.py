"""Facts of recurring incidents and of cyber threats (RTS-C Art 8(2) and Art 10)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from midora.incidents.engine.errors import InvalidIncidentInput

from .facts import THRESHOLD_KEYS, costs_from_value
from .reader import Reader, check_order

_OTHER_THRESHOLDS = tuple(k for k in THRESHOLD_KEYS if k not in ("t9_3", "t9_6"))


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a recurring incident, reduced to what Art 8(2) aggregates."""

    occurred_at: datetime
    aware_at: datetime
    critical_services_affected: bool
    cif_service_downtime: timedelta | None
    costs_eur: Decimal
    other_thresholds_met: frozenset[str]
    apparent_root_cause: str | None = None


@dataclass(frozen=True)
class RecurringGroup:
    """Individually non-major incidents suspected to share one apparent root cause (Art 8(2))."""

    apparent_root_cause: str
    occurrences: tuple[Occurrence, ...]
    each_individually_major: bool | None = None


@dataclass(frozen=True)
class ThreatFacts:
    """A cyber threat assessed under RTS-C Art 10 (DORA Art 18(2))."""

    description: str
    materialised_at_entity: bool
    could_affect: frozenset[str]
    probability_factors: tuple[tuple[str, str], ...]
    high_probability_of_materialisation: bool
    if_materialised_could_meet: frozenset[str]
    detected_at: datetime | None = None


def _occurrence(data: Any, path: str) -> Occurrence:
    keys = (
        "occurred_at",
        "aware_at",
        "critical_services_affected",
        "cif_service_downtime",
        "costs_eur",
        "other_thresholds_met",
        "apparent_root_cause",
    )
    r = Reader(data, path, keys)
    occurred, aware = r.moment("occurred_at"), r.moment("aware_at")
    if occurred is None or aware is None:
        raise InvalidIncidentInput(
            r.at("occurred_at" if occurred is None else "aware_at"), "required field is missing"
        )
    check_order(occurred, aware, r.at("aware_at"), "aware before the incident occurred")
    others = r.raw("other_thresholds_met")
    if others is None or others == "none":
        met: frozenset[str] = frozenset()
    elif isinstance(others, list) and all(o in _OTHER_THRESHOLDS for o in others):
        met = frozenset(others)
    else:
        raise InvalidIncidentInput(
            r.at("other_thresholds_met"), f"expected 'none' or a list of {list(_OTHER_THRESHOLDS)}"
        )
    downtime = r.duration("cif_service_downtime")
    costs = costs_from_value(r.raw("costs_eur"), r.at("costs_eur"), False)
    counted = sum((c.amount_eur for c in costs if c.category == "total" or c.counted), Decimal(0))
    return Occurrence(
        occurred_at=occurred,
        aware_at=aware,
        # Downtime of a CIF-supporting service means such a service was affected (Art 6(a)).
        critical_services_affected=bool(
            r.boolean("critical_services_affected", downtime is not None)
        ),
        cif_service_downtime=downtime,
        costs_eur=counted,
        other_thresholds_met=met,
        apparent_root_cause=r.text("apparent_root_cause"),
    )


def recurring_group_from_mapping(data: Any, where: str) -> RecurringGroup:
    """Parse a recurring-incident group (RTS-C Art 8(2))."""
    r = Reader(data, where, ("apparent_root_cause", "occurrences", "each_individually_major"))
    cause = r.text("apparent_root_cause")
    if not cause:
        raise InvalidIncidentInput(r.at("apparent_root_cause"), "required field is missing")
    raw = r.require("occurrences")
    if not isinstance(raw, list) or not raw:
        raise InvalidIncidentInput(r.at("occurrences"), "expected a non-empty list")
    occ = tuple(_occurrence(o, f"{r.at('occurrences')}[{i}]") for i, o in enumerate(raw))
    return RecurringGroup(cause, occ, r.boolean("each_individually_major"))


def threat_from_mapping(data: Any, where: str, detected_at: datetime | None) -> ThreatFacts:
    """Parse a cyber threat (RTS-C Art 10)."""
    keys = (
        "description",
        "materialised_at_entity",
        "could_affect",
        "probability_assessment",
        "high_probability_of_materialisation",
        "if_materialised_could_meet",
    )
    r = Reader(data, where, keys)
    return ThreatFacts(
        description=r.text("description", "") or "",
        materialised_at_entity=bool(r.boolean("materialised_at_entity", False)),
        could_affect=_flags(r, "could_affect", _COULD_AFFECT),
        probability_factors=_texts(r, "probability_assessment", _PROBABILITY),
        high_probability_of_materialisation=bool(
            r.boolean("high_probability_of_materialisation", False)
        ),
        if_materialised_could_meet=_flags(r, "if_materialised_could_meet", _COULD_MEET),
        detected_at=detected_at,
    )


_COULD_AFFECT = (
    "critical_or_important_functions",
    "clients",
    "financial_counterparts",
    "other_financial_entities",
    "third_party_providers",
)
_PROBABILITY = ("exploitable_weakness", "actor_capability_and_intent", "persistence")
_COULD_MEET = ("art_6_criticality", *THRESHOLD_KEYS)


def _flags(r: Reader, key: str, allowed: tuple[str, ...]) -> frozenset[str]:
    sub = Reader(r.raw(key) or {}, r.at(key), allowed)
    return frozenset(k for k in sub.data if sub.boolean(k, False))


def _texts(r: Reader, key: str, allowed: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    sub = Reader(r.raw(key) or {}, r.at(key), allowed)
    return tuple((k, sub.text(k) or "") for k in allowed if sub.has(k))
