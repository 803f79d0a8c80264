"""Recurring incidents of the record (RTS-C Art 8(2)): groups by apparent root cause, assessed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from midora.incidents.engine.group_facts import Occurrence, RecurringGroup
from midora.incidents.engine.recurring import RecurringResult, classify_recurring
from midora.incidents.services.record_facts import incident_facts
from midora.incidents.services.reporting import current_classification

PER_OCCURRENCE = ("t9_3", "t9_6")


@dataclass(frozen=True)
class RecurringAssessment:
    entity: Any
    cause: str
    incidents: list[Any]
    result: RecurringResult


def occurrence(incident: Any) -> Occurrence | None:
    """One non-major incident reduced to what Art 8(2) aggregates (None without a start)."""
    start = incident.occurred_at or incident.aware_at
    if start is None:
        return None
    facts = incident_facts(incident)
    row = current_classification(incident)
    met = {c["key"] for c in row.criteria if c["met"]}
    cif = any(s.supports_critical_or_important_function for s in facts.impact.services_affected)
    return Occurrence(
        occurred_at=start,
        aware_at=incident.aware_at or start,
        critical_services_affected="critical_services_affected" in met,
        cif_service_downtime=facts.impact.service_downtime if cif else timedelta(0),
        costs_eur=row.economic_impact_eur,
        other_thresholds_met=frozenset(
            k for k in met if k.startswith("t9_") and k not in PER_OCCURRENCE
        ),
        apparent_root_cause=incident.apparent_root_cause,
    )


def recurring_groups(incidents: Any) -> list[RecurringAssessment]:
    """RTS-C Art 8(2): non-major incidents of one entity sharing an apparent root cause."""
    groups: dict[tuple[int, str], list[Any]] = defaultdict(list)
    for incident in incidents:
        cause = (incident.apparent_root_cause or "").strip()
        if cause and not incident.is_major:
            groups[(incident.entity_id, cause.lower())].append(incident)
    out = []
    for (_entity_id, _key), members in groups.items():
        pairs = [(i, occurrence(i)) for i in members]
        pairs = [(i, o) for i, o in pairs if o is not None]
        if len(pairs) < 2:
            continue
        cause = members[0].apparent_root_cause.strip()
        group = RecurringGroup(cause, tuple(o for _i, o in pairs))
        result = classify_recurring(group, members[0].entity.is_microenterprise)
        out.append(RecurringAssessment(members[0].entity, cause, [i for i, _o in pairs], result))
    out.sort(key=lambda a: (not a.result.major, a.entity.name, a.cause))
    return out
