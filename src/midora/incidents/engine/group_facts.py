"""Facts of recurring incidents and of cyber threats (RTS-C Art 8(2) and Art 10)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from midora.incidents.engine import schema
from midora.incidents.engine.errors import InvalidIncidentInput
from midora.incidents.engine.facts import costs_from_value
from midora.incidents.engine.schema import duration_value
from midora.incidents.engine.timeline import check_order


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
    impact_on_financial_interests_of_clients: bool | str | None = None


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


def _occurrence(o: dict[str, Any], path: str) -> Occurrence:
    occurred, aware = o["occurred_at"], o["aware_at"]
    check_order(occurred, aware, path, "aware_at", "aware before the incident occurred")
    costs = costs_from_value(o.get("costs_eur"), path, "costs_eur", False)
    counted = sum((c.amount_eur for c in costs if c.category == "total" or c.counted), Decimal(0))
    met = o.get("other_thresholds_met")
    downtime = o.get("cif_service_downtime")
    if downtime is not None:
        downtime = duration_value(downtime, f"{path}.cif_service_downtime")
    stated = o.get("critical_services_affected")
    return Occurrence(
        occurred_at=occurred,
        aware_at=aware,
        # Downtime of a CIF-supporting service means such a service was affected (Art 6(a)).
        critical_services_affected=stated if stated is not None else downtime is not None,
        cif_service_downtime=downtime,
        costs_eur=counted,
        other_thresholds_met=frozenset(met) if isinstance(met, list) else frozenset(),
        apparent_root_cause=o.get("apparent_root_cause"),
    )


def recurring_group(g: dict[str, Any], where: str) -> RecurringGroup:
    """A validated recurring-incident group as facts (RTS-C Art 8(2))."""
    if not g["apparent_root_cause"]:
        raise InvalidIncidentInput(f"{where}.apparent_root_cause", "required field is missing")
    occurrences = tuple(
        _occurrence(o, f"{where}.occurrences[{i}]") for i, o in enumerate(g["occurrences"])
    )
    return RecurringGroup(
        g["apparent_root_cause"],
        occurrences,
        g.get("each_individually_major"),
        g.get("impact_on_financial_interests_of_clients"),
    )


def recurring_group_from_mapping(data: Any, where: str) -> RecurringGroup:
    """Parse a recurring-incident group (RTS-C Art 8(2))."""
    return recurring_group(schema.validate(schema.RECURRING_GROUP, data, where), where)


def _true_flags(flags: dict[str, bool] | None) -> frozenset[str]:
    return frozenset(k for k, v in (flags or {}).items() if v)


def threat_facts(t: dict[str, Any] | None, detected_at: datetime | None) -> ThreatFacts:
    """A validated cyber threat as facts (RTS-C Art 10)."""
    t = t or {}
    p = t.get("probability_assessment") or {}
    return ThreatFacts(
        description=t.get("description") or "",
        materialised_at_entity=t.get("materialised_at_entity", False),
        could_affect=_true_flags(t.get("could_affect")),
        probability_factors=tuple(
            (k, p[k] or "") for k in schema.PROBABILITY_FACTORS if p.get(k) is not None
        ),
        high_probability_of_materialisation=t.get("high_probability_of_materialisation", False),
        if_materialised_could_meet=_true_flags(t.get("if_materialised_could_meet")),
        detected_at=detected_at,
    )


def threat_from_mapping(data: Any, where: str, detected_at: datetime | None) -> ThreatFacts:
    """Parse a cyber threat (RTS-C Art 10)."""
    return threat_facts(schema.validate(schema.THREAT, data or {}, where), detected_at)
