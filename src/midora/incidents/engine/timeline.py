"""The reporting timeline of an incident: the moments that drive reporting (RTS-R Art 5; ITS
Annex I fields 2.2, 2.3), read in one pass and refused when out of order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from midora.incidents.engine import schema
from midora.incidents.engine.reader import TIMELINE_KEYS, moment, refused

MONTHLY = "monthly_recurring_assessment_at"


@dataclass(slots=True)
class Timeline:
    """Moments that drive reporting (RTS-R Art 5; ITS Annex I fields 2.2, 2.3)."""

    aware_at: datetime | None = None
    classified_at: datetime | None = None
    initial_submitted_at: datetime | None = None
    intermediate_submitted_at: datetime | None = None
    latest_intermediate_submitted_at: datetime | None = None
    monthly_recurring_assessment_at: datetime | None = None
    detected_at: datetime | None = None


NO_TIMELINE = Timeline()


def check_order(
    earlier: datetime | None, later: datetime | None, where: str, key: str, what: str
) -> None:
    """Refuse a timeline where `later` (at `where`.`key`) precedes `earlier`."""
    if earlier is not None and later is not None and later < earlier:
        raise refused(where, key, what)


def timeline_facts(t: Any, where: str) -> Timeline:
    """The reporting timeline, read in one pass; refuse steps out of order."""
    if type(t) is not dict or not t.keys() <= TIMELINE_KEYS:
        if t is None or t == {}:
            return NO_TIMELINE
        raise refused(where, None, "not a mapping of the known keys")
    if not t:
        return NO_TIMELINE
    get = t.get
    aware, classified = get("aware_at"), get("classified_at")
    initial, intermediate = get("initial_submitted_at"), get("intermediate_submitted_at")
    latest, monthly = get("latest_intermediate_submitted_at"), get(MONTHLY)
    detected = get("detected_at")
    if aware is not None:
        aware = moment(aware, where, "aware_at")
    if classified is not None:
        classified = moment(classified, where, "classified_at")
    if initial is not None:
        initial = moment(initial, where, "initial_submitted_at")
    if intermediate is not None:
        intermediate = moment(intermediate, where, "intermediate_submitted_at")
    if latest is not None:
        latest = moment(latest, where, "latest_intermediate_submitted_at")
    if monthly is not None:
        monthly = moment(monthly, where, MONTHLY)
    if detected is not None:
        detected = moment(detected, where, "detected_at")
    out = Timeline(aware, classified, initial, intermediate, latest, monthly, detected)
    if classified is not None and aware is not None and classified < aware:
        raise refused(where, "classified_at", "classified before aware")
    if initial is not None and classified is not None and initial < classified:
        raise refused(
            where, "initial_submitted_at", "initial notification submitted before classification"
        )
    if intermediate is not None and initial is not None and intermediate < initial:
        raise refused(
            where, "intermediate_submitted_at", "intermediate report before initial notification"
        )
    earlier = intermediate or initial
    if latest is not None and earlier is not None and latest < earlier:
        raise refused(
            where,
            "latest_intermediate_submitted_at",
            "latest intermediate report before the first intermediate/initial submission",
        )
    return out


def timeline_from_mapping(data: Any, where: str) -> Timeline:
    """Parse the reporting timeline; refuse steps out of order (RTS-R Art 5 anchors)."""
    return timeline_facts(schema.validate(schema.TIMELINE, data or {}, where), where)
