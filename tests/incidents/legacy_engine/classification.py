"""Major-incident classification (Delegated Regulation (EU) 2024/1772 Arts 6-10)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from .facts import ImpactFacts
from .group_facts import RecurringGroup, ThreatFacts

RULESET_VERSION = "midora-dora-incident-rules/2025.1 (RTS-C 2024/1772, RTS-R 2025/301)"
TWO_HOURS = timedelta(hours=2)
ONE_DAY = timedelta(hours=24)
EUR_100K = Decimal(100_000)


@dataclass(frozen=True)
class CriterionResult:
    """One criterion or threshold: met or not, why, and whether it rests on estimates."""

    key: str
    article: str
    met: bool
    why: str
    estimated: bool = False


@dataclass(frozen=True)
class ReviewFlag:
    """A point where the result rests on an interpretation a person should confirm."""

    code: str
    reference: str
    message: str


@dataclass(frozen=True)
class ClassificationOptions:
    """Configurable readings of open points (reference §2.4, §3.1)."""

    home_state_counts_for_spread: bool = True
    malicious_access_conservative: bool = True


@dataclass(frozen=True)
class ClassificationResult:
    """Outcome of RTS-C Art 8: gate, thresholds, major or not, review flags, rule-set version."""

    critical_services: CriterionResult
    thresholds: tuple[CriterionResult, ...]
    major: bool
    why: str
    review_flags: tuple[ReviewFlag, ...] = ()
    ruleset_version: str = RULESET_VERSION
    economic_impact_eur: Decimal = Decimal(0)
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    def threshold(self, key: str) -> CriterionResult:
        return next(t for t in self.thresholds if t.key == key)

    def thresholds_met(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.thresholds if t.met)


def critical_services_affected(impact: ImpactFacts) -> CriterionResult:
    """RTS-C Art 6: CIF-supporting ICT services, authorised services, or malicious access."""
    reasons = []
    cif = [s.name for s in impact.services_affected if s.supports_critical_or_important_function]
    auth = [s.name for s in impact.services_affected if s.authorised_crypto_asset_service]
    if cif:
        reasons.append(f"(a) services supporting critical or important functions: {', '.join(cif)}")
    if auth:
        reasons.append(f"(b) authorised crypto-asset services: {', '.join(auth)}")
    if impact.successful_malicious_unauthorised_access:
        reasons.append("(c) successful, malicious and unauthorised access to network systems")
    if reasons:
        return CriterionResult(
            "critical_services_affected",
            "RTS-C Art 6",
            True,
            "Critical services affected: " + "; ".join(reasons) + ".",
        )
    return CriterionResult(
        "critical_services_affected",
        "RTS-C Art 6",
        False,
        "No CIF-supporting or authorised service affected and no malicious access.",
    )


def _pct(part: int, whole: int) -> str:
    return f"{part / whole * 100:.3f} %" if whole else "n/a"


def threshold_9_1(impact: ImpactFacts) -> CriterionResult:
    """RTS-C Art 9(1): clients, financial counterparts and transactions affected."""
    hits, seen = [], []
    ca, cu = impact.clients_affected, impact.clients_using_service
    if ca is not None and cu:
        (hits if ca * 10 > cu else seen).append(f"(a) clients {ca}/{cu} = {_pct(ca, cu)} vs > 10 %")
    if ca is not None:
        (hits if ca > 100_000 else seen).append(f"(b) {ca} clients affected vs > 100 000")
    pa, pt = impact.counterparts_affected, impact.counterparts_total
    if pa is not None and pt:
        (hits if pa * 10 > pt * 3 else seen).append(
            f"(c) counterparts {pa}/{pt} = {_pct(pa, pt)} vs > 30 %"
        )
    for letter, value, what in (
        ("d", impact.transactions_affected_pct_of_daily_avg_number, "number"),
        ("e", impact.transactions_affected_pct_of_daily_avg_value, "value"),
    ):
        if value is not None:
            (hits if value > 10 else seen).append(
                f"({letter}) transactions {value} % of daily average {what} vs > 10 %"
            )
    if impact.relevant_clients_or_counterparts_affected:
        hits.append("(f) a relevant client or counterpart (Art 1(3)) was affected")
    met = bool(hits)
    why = ("Met: " + "; ".join(hits)) if met else ("Not met: " + ("; ".join(seen) or "no figures"))
    return CriterionResult(
        "t9_1",
        "RTS-C Art 9(1)",
        met,
        why + ".",
        estimated=met and impact.clients_affected_is_estimate,
    )


def threshold_9_2(impact: ImpactFacts) -> CriterionResult:
    """RTS-C Art 9(2): reputational impact."""
    rep = impact.reputational
    cases = [
        ("(a) reflected in the media", rep.media),
        (
            "(b) repetitive complaints from different clients or counterparts",
            rep.repetitive_complaints,
        ),
        ("(c) regulatory requirements likely not met", rep.regulatory_requirements_breach_likely),
        ("(d) material loss of clients or counterparts likely", rep.material_client_loss_likely),
    ]
    hits = [c for c, v in cases if v]
    why = ("Met: " + "; ".join(hits)) if hits else "Not met: none of the Art 2(1) cases applies"
    likely_only = bool(hits) and not (rep.media or rep.repetitive_complaints)
    return CriterionResult("t9_2", "RTS-C Art 9(2)", bool(hits), why + ".", estimated=likely_only)


def threshold_9_3(impact: ImpactFacts, aware_at=None) -> CriterionResult:
    """RTS-C Art 9(3): duration > 24 h, or downtime > 2 h of a CIF-supporting service."""
    start = impact.occurred_at or aware_at
    parts, met = [], False
    if start is not None and impact.resolved_at is not None:
        duration = impact.resolved_at - start
        met |= duration > ONE_DAY
        parts.append(f"(a) duration {duration} vs > 24 h")
    else:
        parts.append("(a) duration not known (occurrence or resolution time missing)")
    cif = any(s.supports_critical_or_important_function for s in impact.services_affected)
    if impact.service_downtime is not None:
        if cif:
            met |= impact.service_downtime > TWO_HOURS
            parts.append(f"(b) CIF service downtime {impact.service_downtime} vs > 2 h")
        else:
            parts.append("(b) downtime concerns no service supporting a CIF")
    return CriterionResult(
        "t9_3", "RTS-C Art 9(3)", met, ("Met: " if met else "Not met: ") + "; ".join(parts) + "."
    )


def threshold_9_4(
    impact: ImpactFacts, home_state: str, options: ClassificationOptions
) -> tuple[CriterionResult, list[ReviewFlag]]:
    """RTS-C Art 9(4): impact in two or more Member States (Art 4)."""
    states = set(impact.member_states_impacted)
    counted = states if options.home_state_counts_for_spread else states - {home_state}
    met = len(counted) >= 2
    flags = []
    if home_state in states and len(states) == 2:
        flags.append(
            ReviewFlag(
                "geographical_spread_home_state",
                "RTS-C Art 9(4); reference §2.4",
                "Home Member State plus one other: whether the home State counts is an open "
                "point; this result "
                f"{'counts' if options.home_state_counts_for_spread else 'excludes'} it.",
            )
        )
    why = f"{len(counted)} Member State(s) counted ({', '.join(sorted(counted)) or 'none'}) vs >= 2"
    return CriterionResult(
        "t9_4", "RTS-C Art 9(4)", met, ("Met: " if met else "Not met: ") + why + "."
    ), flags


def threshold_9_5a(impact: ImpactFacts) -> CriterionResult:
    """RTS-C Art 9(5)(a): adverse impact on data availability, authenticity, integrity, secrecy."""
    dims = impact.data_impact.dimensions()
    met = impact.data_impact.adverse_impact_established
    why = (
        f"Met: adverse data impact ({', '.join(dims) or 'as established'}) on business "
        "objectives or regulatory compliance."
        if met
        else f"Not met: {'no data impact' if not dims else 'impact on ' + ', '.join(dims)} "
        "without established adverse effect on business objectives or compliance."
    )
    return CriterionResult("t9_5a", "RTS-C Art 9(5)(a)", met, why)


def threshold_9_5b(
    impact: ImpactFacts, t9_5a: CriterionResult, options: ClassificationOptions
) -> tuple[CriterionResult, list[ReviewFlag]]:
    """RTS-C Art 9(5)(b): successful malicious unauthorised access that may lose data."""
    flags: list[ReviewFlag] = []
    if not impact.successful_malicious_unauthorised_access:
        return CriterionResult(
            "t9_5b",
            "RTS-C Art 9(5)(b)",
            False,
            "Not met: no successful malicious unauthorised access.",
        ), flags
    may = impact.access_may_result_in_data_losses
    if may is None:
        may = True
        flags.append(
            ReviewFlag(
                "malicious_access_may_cause_loss_assumed",
                "RTS-C Art 9(5)(b)",
                "Whether the access may result in data losses was not stated; assumed it may.",
            )
        )
    if not may:
        return CriterionResult(
            "t9_5b", "RTS-C Art 9(5)(b)", False, "Not met: the access cannot result in data losses."
        ), flags
    if t9_5a.met:
        flags.append(
            ReviewFlag(
                "malicious_access_covered_by_9_5_a",
                "RTS-C Art 9(5)(b); ref §3.1",
                "Access already covered by 9(5)(a): literal reading excludes (b); "
                + (
                    "conservative reading applied (b)."
                    if options.malicious_access_conservative
                    else "literal reading."
                ),
            )
        )
        if not options.malicious_access_conservative:
            return CriterionResult(
                "t9_5b",
                "RTS-C Art 9(5)(b)",
                False,
                "Not met: the access is covered by 9(5)(a) (literal).",
            ), flags
    return CriterionResult(
        "t9_5b",
        "RTS-C Art 9(5)(b)",
        True,
        "Met: successful malicious unauthorised access that may result in data losses.",
    ), flags


def economic_impact_eur(impact: ImpactFacts) -> Decimal:
    """RTS-C Art 7: gross Art 7(1) costs and losses, recoveries not netted, 7(2) excluded."""
    return sum(
        (c.amount_eur for c in impact.costs if c.counted or c.category == "total"), Decimal(0)
    )


def threshold_9_6(impact: ImpactFacts) -> CriterionResult:
    """RTS-C Art 9(6): costs and losses exceeded or are likely to exceed EUR 100 000."""
    total = economic_impact_eur(impact)
    excluded = [c.category for c in impact.costs if not c.counted and c.category != "total"]
    met = total > EUR_100K
    why = f"gross counted costs EUR {total:,} vs > EUR 100 000 (recoveries not netted)"
    if excluded:
        why += f"; excluded under Art 7(2): {', '.join(excluded)}"
    estimated = met and any(c.estimate for c in impact.costs)
    return CriterionResult(
        "t9_6",
        "RTS-C Art 9(6)",
        met,
        ("Met: " if met else "Not met: ") + why + ".",
        estimated=estimated,
    )


def major_rule(gate: CriterionResult, thresholds: tuple[CriterionResult, ...]) -> tuple[bool, str]:
    """RTS-C Art 8(1): gate AND (9(5)(b) OR at least two of the other thresholds)."""
    met = [t.key for t in thresholds if t.met and t.key != "t9_5b"]
    if not gate.met:
        return False, "Not major: Art 6 (critical services affected) is not met (Art 8(1))."
    if any(t.key == "t9_5b" and t.met for t in thresholds):
        return True, "Major: Art 6 met and 9(5)(b) suffices on its own (Art 8(1)(a))."
    if len(met) >= 2:
        return (
            True,
            f"Major: Art 6 met and {len(met)} thresholds met: {', '.join(met)} (Art 8(1)(b)).",
        )
    return (
        False,
        f"Not major: Art 6 met but only {len(met)} threshold(s) met (Art 8(1)(b) needs 2).",
    )


def classify(
    impact: ImpactFacts,
    home_state: str,
    aware_at=None,
    options: ClassificationOptions | None = None,
) -> ClassificationResult:
    """RTS-C Art 8(1): classify one incident from its impact facts."""
    options = options or ClassificationOptions()
    gate = critical_services_affected(impact)
    t9_4, flags4 = threshold_9_4(impact, home_state, options)
    t9_5a = threshold_9_5a(impact)
    t9_5b, flags5 = threshold_9_5b(impact, t9_5a, options)
    thresholds = (
        threshold_9_1(impact),
        threshold_9_2(impact),
        threshold_9_3(impact, aware_at),
        t9_4,
        t9_5a,
        t9_5b,
        threshold_9_6(impact),
    )
    major, why = major_rule(gate, thresholds)
    return ClassificationResult(
        gate,
        thresholds,
        major,
        why,
        tuple(flags4 + flags5),
        economic_impact_eur=economic_impact_eur(impact),
    )


def client_notification_required(
    result: ClassificationResult, impact_on_financial_interests: bool | None
) -> tuple[bool, str]:
    """DORA Art 19(3): inform clients of a major incident affecting their financial interests."""
    if not result.major:
        return False, "Not a major incident: DORA Art 19(3) does not apply."
    if impact_on_financial_interests is None:
        return False, (
            "Impact on clients' financial interests not yet known (field 3.30): keep "
            "the client-notification task open and re-evaluate."
        )
    if impact_on_financial_interests:
        return (
            True,
            "Major incident with impact on clients' financial interests: inform clients "
            "without undue delay (DORA Art 19(3)).",
        )
    return False, "Major incident without impact on clients' financial interests."


def _add_months(moment, months: int):
    from calendar import monthrange

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


def occurrence_thresholds(occ) -> tuple[CriterionResult, ...]:
    """RTS-C Art 9 thresholds of one recurring occurrence (9(3)(b) and 9(6) from its figures)."""
    results = []
    for key in ("t9_1", "t9_2", "t9_3", "t9_4", "t9_5a", "t9_5b", "t9_6"):
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
            "Collective assessment sums costs, takes a threshold met by any single "
            "occurrence as met, and does not add durations or downtimes.",
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
    for i, key in enumerate(("t9_1", "t9_2", "t9_3", "t9_4", "t9_5a", "t9_5b", "t9_6")):
        met = total_costs > EUR_100K if key == "t9_6" else any(t[i].met for t in per_occ)
        why = (
            f"collective costs EUR {total_costs:,} vs > EUR 100 000"
            if key == "t9_6"
            else f"met by {'an' if met else 'no'} individual occurrence"
        )
        collective_thresholds.append(
            CriterionResult(
                key,
                f"RTS-C Art 8(2)(c), 9 ({key})",
                met,
                ("Met: " if met else "Not met: ") + why + ".",
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
        and _add_months(occ[0].occurred_at, 6) >= occ[-1].occurred_at,
        "same_apparent_root_cause": len(causes) == 1,
        "collectively_meet_art_8_1": major_together,
    }
    applicable = not (microenterprise or simplified_framework)
    if any(individually_major):
        flags.append(
            ReviewFlag(
                "recurring_occurrence_major",
                "RTS-C Art 8(2)",
                "At least one occurrence is major on its own: report it individually.",
            )
        )
    if group.each_individually_major is not None and group.each_individually_major != any(
        individually_major
    ):
        flags.append(
            ReviewFlag(
                "recurring_individual_claim_differs",
                "RTS-C Art 8(1)",
                "The stated individual classification differs from the computed one.",
            )
        )
    major = applicable and all(conditions.values()) and not all(individually_major)
    if not applicable:
        why = "Art 8(2) does not apply to microenterprises or DORA Art 16(1) entities."
    elif major:
        why = (
            f"One major incident: {len(occ)} occurrences, same apparent root cause; {why_together}"
        )
    else:
        failed = [k for k, v in conditions.items() if not v]
        why = f"Not one major incident: not met {', '.join(failed)} (Art 8(2))."
    return RecurringResult(applicable, conditions, collective, major, why, tuple(flags))


def _gate(met: bool) -> CriterionResult:
    return CriterionResult(
        "critical_services_affected",
        "RTS-C Art 6",
        met,
        "Critical services affected by at least one occurrence."
        if met
        else "No occurrence affected critical services.",
    )


@dataclass(frozen=True)
class ThreatResult:
    """Outcome of RTS-C Art 10 for a cyber threat."""

    significant: bool
    conditions: dict[str, bool]
    why: str


def significant_cyber_threat(threat: ThreatFacts) -> ThreatResult:
    """RTS-C Art 10: could affect CIF or others, likely, could meet Art 6, 9(1) or 9(4)."""
    conditions = {
        "a_could_affect": bool(threat.could_affect),
        "b_high_probability": threat.high_probability_of_materialisation
        and bool(threat.probability_factors),
        "c_could_meet_criteria": bool(
            threat.if_materialised_could_meet & {"art_6_criticality", "t9_1", "t9_4"}
        ),
    }
    significant = all(conditions.values())
    failed = [k for k, v in conditions.items() if not v]
    why = (
        "Significant: Art 10(a), (b) and (c) all hold."
        if significant
        else f"Not significant: Art 10 conditions not met: {', '.join(failed)}."
    )
    return ThreatResult(significant, conditions, why)


@dataclass(frozen=True)
class ReclassificationDecision:
    """Whether a major incident may be reported as reclassified to non-major."""

    outcome: str  # no_change | classify_as_major | remains_major | reclassify_as_non_major
    submission_type: str | None
    why: str
    review_flags: tuple[ReviewFlag, ...] = ()


def reclassification(
    previous: ClassificationResult, new: ClassificationResult
) -> ReclassificationDecision:
    """ITS 2025/302 Art 5; RTS-R Art 2(i): only an incident that at no time met the criteria."""
    if not previous.major:
        if new.major:
            return ReclassificationDecision(
                "classify_as_major",
                "initial_notification",
                "Now major: the reporting clock starts (RTS-R Art 5).",
            )
        return ReclassificationDecision("no_change", None, "Non-major before and now.")
    if new.major:
        return ReclassificationDecision("remains_major", None, "Still meets RTS-C Art 8.")
    lost = [
        c
        for c in (previous.critical_services, *previous.thresholds)
        if c.met and not _find(new, c.key).met
    ]
    firm = [c.key for c in lost if not c.estimated]
    if firm:
        return ReclassificationDecision(
            "remains_major",
            None,
            f"The criteria were met on actual figures ({', '.join(firm)}); an incident that met "
            "them and later improved stays major (ITS Art 5; RTS-R Art 2(i)).",
            (
                ReviewFlag(
                    "reclassification_firm_figures_corrected",
                    "ITS Art 5",
                    "If those earlier figures were wrong rather than improved, record them as "
                    "corrected estimates and re-assess.",
                ),
            ),
        )
    return ReclassificationDecision(
        "reclassify_as_non_major",
        "major_incident_reclassified_as_non-major",
        "The criteria rested only on estimates now replaced by figures that never met RTS-C Art 8; "
        "give the reasons in field 2.10 (ITS Art 5).",
        (
            ReviewFlag(
                "reclassification_confirm_never_met",
                "ITS Art 5",
                "Confirm that the incident at no time fulfilled the criteria.",
            ),
        ),
    )


def _find(result: ClassificationResult, key: str) -> CriterionResult:
    if key == "critical_services_affected":
        return result.critical_services
    return result.threshold(key)
