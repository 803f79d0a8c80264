"""Estimates at classification, actual figures later (ITS 2025/302 Art 5; RTS-C Arts 1(5), 7(3)).

A case may carry an `estimates` block (the figures held when the incident was classified) and an
`actuals` block with `actuals_established_at` (the figures established later). Both are laid
over the `incident` block: the classification at classification time uses the estimates, the
classification on actuals the actual figures (an estimate not replaced stays an estimate), and
the reclassification consequence follows ITS Art 5.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from midora.incidents.engine.classification import assess, explain
from midora.incidents.engine.deadlines import HolidayCalendar
from midora.incidents.engine.errors import InvalidIncidentInput
from midora.incidents.engine.facts import (
    IncidentFacts,
    check_against_occurrence,
    entity_profile,
    holidays_reference,
    impact_facts,
    timeline_facts,
)
from midora.incidents.engine.reclassification import reclassification
from midora.incidents.engine.results import Verdict, client_notice, flag_rows
from midora.incidents.engine.timeline import check_order

# Figures given in two ways: a layer that gives one way replaces the other below it.
ALTERNATIVES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"clients_affected"}), frozenset({"clients_affected_estimate"})),
    (frozenset({"costs_eur"}), frozenset({"costs_eur_estimate"})),
    (
        frozenset({"service_downtime"}),
        frozenset({"service_unavailable_from", "service_restored_at", "backlog_cleared_at"}),
    ),
)
Result = Callable[[IncidentFacts, HolidayCalendar, bool], dict[str, Any]]


def overlay(
    base: dict[str, Any], layer: dict[str, Any] | None
) -> tuple[dict[str, Any], frozenset[str]]:
    """`base` with the figures `layer` gives; also the names it gives and those it cleared."""
    if layer is None:
        return base, frozenset()
    given = frozenset(layer)
    cleared: set[str] = set()
    for one, other in ALTERNATIVES:
        if given & one:
            cleared |= other - given
        if given & other:
            cleared |= one - given
    merged = {k: v for k, v in base.items() if k not in cleared}
    merged.update(layer)
    return merged, given | cleared


def classify_estimates_case(
    c: dict[str, Any], calendar: HolidayCalendar, explain_: bool, result: Result
) -> dict[str, Any]:
    """ITS Art 5: the classification on estimates, on actuals, and the consequence."""
    actuals, established = c.get("actuals"), c.get("actuals_established_at")
    if actuals is not None and established is None:
        raise InvalidIncidentInput(
            "input.actuals_established_at", "required when an actuals block is given"
        )
    if established is not None and actuals is None:
        raise InvalidIncidentInput("input.actuals", "required with actuals_established_at")
    entity = entity_profile(c["entity"], "input.entity")
    timeline = timeline_facts(c.get("timeline"), "input.timeline")
    detected = timeline.detected_at or timeline.aware_at
    estimated_input, estimated = overlay(c["incident"], c.get("estimates"))
    at_cls = _facts(c, entity, timeline, estimated_input, estimated, "input.estimates", detected)
    first_result = result(at_cls, calendar, explain_)
    out: dict[str, Any] = {"at_classification": first_result}
    if actuals is None:
        out.update(on_actuals=None, reclassification=None)
        return _final(out, first_result["major"], first_result, at_cls)
    check_order(
        timeline.classified_at or timeline.aware_at,
        established,
        "input",
        "actuals_established_at",
        "actual figures established before the incident was classified",
    )
    actual_input, replaced = overlay(estimated_input, actuals)
    on_act = _facts(
        c, entity, timeline, actual_input, estimated - replaced, "input.actuals", detected
    )
    first = assess(at_cls.impact, entity.member_state, timeline.aware_at)
    later = assess(on_act.impact, entity.member_state, timeline.aware_at)
    decision = reclassification(
        explain(first, at_cls.impact, entity.member_state, timeline.aware_at),
        explain(later, on_act.impact, entity.member_state, timeline.aware_at),
    )
    if decision.outcome == "classify_as_major":
        # RTS-R Art 5(1)(a), 5(2): the clock starts when the actual figures show it is major.
        on_act = replace(on_act, timeline=replace(timeline, classified_at=established))
    actual_result = result(on_act, calendar, explain_)
    out["on_actuals"] = actual_result
    out["reclassification"] = {
        "outcome": decision.outcome,
        "submission_type": decision.submission_type,
        "why": decision.why,
        "review_flags": flag_rows(decision.review_flags),
        "actuals_established_at": established.isoformat(),  # type: ignore[union-attr]
    }
    major = later.major or decision.outcome == "remains_major"
    clock = first_result if decision.outcome == "remains_major" else actual_result
    return _final(out, major, clock, on_act)


def _final(
    out: dict[str, Any], major: bool, clock: dict[str, Any], facts: IncidentFacts
) -> dict[str, Any]:
    """The position after both classifications: major or not, its clock, client notification."""
    out["major"] = out["reportable"] = major
    out["deadlines"] = clock["deadlines"] if major else None
    out.update(client_notice(Verdict(major), facts.impact.impact_on_financial_interests_of_clients))
    return out


def _facts(
    c: dict[str, Any],
    entity: Any,
    timeline: Any,
    figures: dict[str, Any],
    estimated: frozenset[str],
    where: str,
    detected: Any,
) -> IncidentFacts:
    impact = impact_facts(figures, where, detected, estimated)
    check_against_occurrence(impact, timeline, "input")
    return IncidentFacts(
        entity, impact, timeline, holidays_reference(c.get("bank_holidays"), "input.bank_holidays")
    )
