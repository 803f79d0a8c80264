"""Recurring incidents assessed together (Delegated Regulation (EU) 2024/1772 Art 8(2))."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from midora.core.engine.sentences import Figure, Sentence, joined
from midora.incidents.engine.classification import (
    EUR_100K,
    TWO_HOURS,
    ClassificationResult,
    CriterionResult,
    ReviewFlag,
    major_rule,
)
from midora.incidents.engine.facts import THRESHOLD_KEYS
from midora.incidents.engine.group_facts import Occurrence, RecurringGroup


# RTS-C Art 8(2): the three conditions for recurring incidents, as readers see them
def _(text: str) -> str:
    """Marks a name for the translation catalogue; pages translate it when they show it."""
    return text


CONDITION_NAMES = {
    "at_least_twice_within_6_months": _("occurred at least twice within 6 months (Art. 8(2)(a))"),
    "same_apparent_root_cause": _("same apparent root cause (Art. 8(2)(b))"),
    "collectively_meet_art_8_1": _("together meet the criteria of Art. 8(1) (Art. 8(2)(c))"),
}


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later, clamped to the end of the month."""
    month0 = moment.month - 1 + months
    year, month = moment.year + month0 // 12, month0 % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, monthrange(year, month)[1]))


@dataclass(frozen=True)
class RecurringResult:
    """Outcome of RTS-C Art 8(2) for a group of individually non-major incidents."""

    applicable: bool
    conditions: dict[str, bool]
    collective: ClassificationResult
    major: bool
    why: str
    review_flags: tuple[ReviewFlag, ...]


def occurrence_thresholds(occ: Occurrence) -> tuple[CriterionResult, ...]:
    """RTS-C Art 9 thresholds of one recurring occurrence (9(3)(b) and 9(6) from its figures)."""
    results = []
    for key in THRESHOLD_KEYS:
        if key == "t9_3":
            met = occ.cif_service_downtime is not None and occ.cif_service_downtime > TWO_HOURS
        elif key == "t9_6":
            met = occ.costs_eur > EUR_100K
        else:
            met = key in occ.other_thresholds_met
        results.append(CriterionResult(key, f"RTS-C Art 9 ({key})", met, "per occurrence"))
    return tuple(results)


def classify_recurring(
    group: RecurringGroup, microenterprise: bool, simplified_framework: bool = False
) -> RecurringResult:
    """RTS-C Art 8(2): recurring incidents with the same apparent root cause, assessed together."""
    occ = sorted(group.occurrences, key=lambda o: o.occurred_at)
    flags = [
        ReviewFlag(
            "recurring_aggregation",
            "RTS-C Art 8(2); reference §3.3",
            Sentence(
                _(
                    "Collective assessment sums costs, takes a threshold met by any single "
                    "occurrence as met, and does not add durations or downtimes."
                )
            ),
        )
    ]
    gate_met = any(o.critical_services_affected for o in occ)
    total_costs = sum((o.costs_eur for o in occ), Decimal(0))
    per_occ = [occurrence_thresholds(o) for o in occ]
    individually_major = [
        major_rule(_gate(o.critical_services_affected), t)[0]
        for o, t in zip(occ, per_occ, strict=True)
    ]
    collective_thresholds = []
    for i, key in enumerate(THRESHOLD_KEYS):
        met = total_costs > EUR_100K if key == "t9_6" else any(t[i].met for t in per_occ)
        collective_thresholds.append(
            CriterionResult(
                key, f"RTS-C Art 8(2)(c), 9 ({key})", met, _collective_why(key, met, total_costs)
            )
        )
    gate = _gate(gate_met)
    major_together, why_together = major_rule(gate, tuple(collective_thresholds))
    collective = ClassificationResult(
        gate,
        tuple(collective_thresholds),
        major_together,
        why_together,
        economic_impact_eur=total_costs,
    )
    causes = {o.apparent_root_cause or group.apparent_root_cause for o in occ}
    conditions = {
        "at_least_twice_within_6_months": len(occ) >= 2
        and add_months(occ[0].occurred_at, 6) >= occ[-1].occurred_at,
        "same_apparent_root_cause": len(causes) == 1,
        "collectively_meet_art_8_1": major_together,
    }
    applicable = not (microenterprise or simplified_framework)
    if any(individually_major):
        flags.append(
            ReviewFlag(
                "recurring_occurrence_major",
                "RTS-C Art 8(2)",
                Sentence(_("At least one occurrence is major on its own: report it individually.")),
            )
        )
    if group.each_individually_major is not None and group.each_individually_major != any(
        individually_major
    ):
        flags.append(
            ReviewFlag(
                "recurring_individual_claim_differs",
                "RTS-C Art 8(1)",
                Sentence(_("The stated individual classification differs from the computed one.")),
            )
        )
    major = applicable and all(conditions.values()) and not all(individually_major)
    if not applicable:
        why = Sentence(_("Art 8(2) does not apply to microenterprises or DORA Art 16(1) entities."))
    elif major:
        why = Sentence(
            _(
                "One major incident: %(count)s occurrences, same apparent root cause; "
                "%(classification)s"
            ),
            count=Figure(len(occ)),
            classification=why_together,
        )
    else:
        failed = [k for k, v in conditions.items() if not v]
        why = Sentence(
            _("Not one major incident: not met: %(conditions)s (Art 8(2))."),
            conditions=joined("; ", [Sentence(CONDITION_NAMES.get(k, k)) for k in failed]),
        )
    return RecurringResult(applicable, conditions, collective, major, why, tuple(flags))


def _gate(met: bool) -> CriterionResult:
    return CriterionResult(
        "critical_services_affected",
        "RTS-C Art 6",
        met,
        Sentence(_("Critical services affected by at least one occurrence."))
        if met
        else Sentence(_("No occurrence affected critical services.")),
    )


def _collective_why(key: str, met: bool, total_costs: Decimal) -> Sentence:
    """RTS-C Art 8(2)(c): why a threshold is met by the occurrences together, or not."""
    if key == "t9_6":
        reason = Sentence(
            _("collective costs %(costs)s vs > %(threshold)s"),
            costs=Figure(total_costs, currency="EUR"),
            threshold=Figure(EUR_100K, currency="EUR"),
        )
    elif met:
        reason = Sentence(_("met by an individual occurrence"))
    else:
        reason = Sentence(_("met by no individual occurrence"))
    if met:
        return Sentence(_("Met: %(reasons)s."), reasons=reason)
    return Sentence(_("Not met: %(reasons)s."), reasons=reason)
