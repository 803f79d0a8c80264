"""Major-incident classification (Delegated Regulation (EU) 2024/1772 Arts 6, 8(1), 9).

`assess` decides in one pass over plain values (booleans and the figures compared); `explain`
turns an assessment into the criterion-by-criterion reasons, only when they are asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from midora.core.engine.numbers import money, number, percent
from midora.incidents.engine.criteria import criteria_list
from midora.incidents.engine.facts import COUNTED_COST_CATEGORIES, THRESHOLD_KEYS, ImpactFacts
from midora.incidents.engine.schema import NOT_AVAILABLE

RULESET_VERSION = "midora-dora-incident-rules/2025.1 (RTS-C 2024/1772, RTS-R 2025/301)"
TWO_HOURS = timedelta(hours=2)
ONE_DAY = timedelta(hours=24)
EUR_100K = Decimal(100_000)
ZERO = Decimal(0)
CLIENTS_SHARE_PCT = 10  # 9(1)(a)
CLIENTS_NUMBER = 100_000  # 9(1)(b)
COUNTERPARTS_SHARE_PCT = 30  # 9(1)(c)
TRANSACTIONS_SHARE_PCT = 10  # 9(1)(d)-(e)
GATE_KEY = "critical_services_affected"
# The figures each threshold rests on: a met threshold resting on an estimated one is estimated.
THRESHOLD_FIGURES: dict[str, frozenset[str]] = {
    "t9_1": frozenset(
        {
            "clients_using_service",
            "clients_affected",
            "counterparts_total",
            "counterparts_affected",
            "relevant_clients_or_counterparts_affected",
            "transactions_affected",
            "transactions_affected_value_eur",
            "transactions_affected_pct_of_daily_avg_number",
            "transactions_affected_pct_of_daily_avg_value",
        }
    ),
    "t9_2": frozenset({"reputational"}),
    "t9_3": frozenset(
        {
            "resolved_at",
            "service_downtime",
            "service_unavailable_from",
            "service_restored_at",
            "backlog_cleared_at",
        }
    ),
    "t9_4": frozenset({"member_states_impacted"}),
    "t9_5a": frozenset({"data_impact", "data_impact_under_9_5_a_established"}),
    "t9_5b": frozenset({"access_may_result_in_data_losses"}),
    "t9_6": frozenset({"costs_eur"}),
}


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


DEFAULT_OPTIONS = ClassificationOptions()


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


@dataclass(slots=True)
class Assessment:
    """RTS-C Art 8(1) decided: the gate, each threshold met and estimated, flags, costs."""

    gate: bool
    met: tuple[bool, ...]  # in THRESHOLD_KEYS order
    estimated: tuple[bool, ...]
    major: bool
    review_flags: tuple[ReviewFlag, ...]
    economic_impact_eur: Decimal

    def thresholds(self) -> dict[str, bool]:
        m = self.met
        return {
            "t9_1": m[0], "t9_2": m[1], "t9_3": m[2], "t9_4": m[3], "t9_5a": m[4], "t9_5b": m[5],
            "t9_6": m[6],
        }  # fmt: skip


def _flag_home_state(counts: bool) -> ReviewFlag:
    return ReviewFlag(
        "geographical_spread_home_state",
        "RTS-C Art 9(4); reference §2.4",
        "Home Member State plus one other: whether the home State counts is an open "
        f"point; this result {'counts' if counts else 'excludes'} it.",
    )


FLAG_HOME_STATE = {True: _flag_home_state(True), False: _flag_home_state(False)}
FLAG_MAY_CAUSE_LOSS = ReviewFlag(
    "malicious_access_may_cause_loss_assumed",
    "RTS-C Art 9(5)(b)",
    "Whether the access may result in data losses was not stated; assumed it may.",
)
FLAG_COVERED_BY_A = {
    conservative: ReviewFlag(
        "malicious_access_covered_by_9_5_a",
        "RTS-C Art 9(5)(b); ref §3.1",
        "Access already covered by 9(5)(a): literal reading excludes (b); "
        + ("conservative reading applied (b)." if conservative else "literal reading."),
    )
    for conservative in (True, False)
}


def _over(part: float, whole: float, pct: int) -> bool:
    """`part` is more than `pct` % of `whole` (strict, exact for whole numbers)."""
    return part * 100 > whole * pct


def _gate(impact: ImpactFacts) -> bool:
    """RTS-C Art 6: a CIF-supporting or authorised service, or malicious access."""
    if impact.successful_malicious_unauthorised_access:
        return True
    return any(
        s.supports_critical_or_important_function or s.authorised_crypto_asset_service
        for s in impact.services_affected
    )


def _t9_1(impact: ImpactFacts) -> bool:
    ca, cu = impact.clients_affected, impact.clients_using_service
    if ca is not None and ((cu and _over(ca, cu, CLIENTS_SHARE_PCT)) or ca > CLIENTS_NUMBER):
        return True
    pa, pt = impact.counterparts_affected, impact.counterparts_total
    if pa is not None and pt and _over(pa, pt, COUNTERPARTS_SHARE_PCT):
        return True
    number = impact.transactions_affected_pct_of_daily_avg_number
    value = impact.transactions_affected_pct_of_daily_avg_value
    return (
        (number is not None and number > TRANSACTIONS_SHARE_PCT)
        or (value is not None and value > TRANSACTIONS_SHARE_PCT)
        or impact.relevant_clients_or_counterparts_affected
    )


def _duration(impact: ImpactFacts, aware_at: datetime | None) -> timedelta | None:
    start = impact.occurred_at or aware_at
    if start is None or impact.resolved_at is None:
        return None
    return impact.resolved_at - start


def _supports_cif(impact: ImpactFacts) -> bool:
    return any(s.supports_critical_or_important_function for s in impact.services_affected)


def _t9_3(impact: ImpactFacts, aware_at: datetime | None) -> bool:
    duration = _duration(impact, aware_at)
    if duration is not None and duration > ONE_DAY:
        return True
    downtime = impact.service_downtime
    return downtime is not None and downtime > TWO_HOURS and _supports_cif(impact)


def _t9_4(impact: ImpactFacts, home_state: str, options: ClassificationOptions) -> set[str]:
    states = set(impact.member_states_impacted)
    return states if options.home_state_counts_for_spread else states - {home_state}


def economic_impact_eur(impact: ImpactFacts) -> Decimal:
    """RTS-C Art 7: gross Art 7(1) costs and losses, recoveries not netted, 7(2) excluded."""
    total = ZERO
    for c in impact.costs:
        if c.category in COUNTED_COST_CATEGORIES or c.category == "total":
            total += c.amount_eur
    return total


def assess(
    impact: ImpactFacts,
    home_state: str,
    aware_at: datetime | None = None,
    options: ClassificationOptions = DEFAULT_OPTIONS,
) -> Assessment:
    """RTS-C Art 8(1): gate AND (9(5)(b) OR at least two of the other thresholds)."""
    flags: list[ReviewFlag] = []
    rep = impact.reputational
    t9_2 = (
        rep.media
        or rep.repetitive_complaints
        or rep.regulatory_requirements_breach_likely
        or rep.material_client_loss_likely
    )
    states = impact.member_states_impacted
    t9_4 = len(_t9_4(impact, home_state, options)) >= 2 if states else False
    if home_state in states and len(set(states)) == 2:
        flags.append(FLAG_HOME_STATE[options.home_state_counts_for_spread])
    t9_5a = impact.data_impact.adverse_impact_established
    t9_5b = False
    if impact.successful_malicious_unauthorised_access:
        may = impact.access_may_result_in_data_losses
        if may is None:
            may = True
            flags.append(FLAG_MAY_CAUSE_LOSS)
        if may:
            t9_5b = True
            if t9_5a:
                flags.append(FLAG_COVERED_BY_A[options.malicious_access_conservative])
                t9_5b = options.malicious_access_conservative
    costs = economic_impact_eur(impact) if impact.costs else ZERO
    t9_6 = costs > EUR_100K
    t9_1 = _t9_1(impact)
    met = (t9_1, t9_2, _t9_3(impact, aware_at), t9_4, t9_5a, t9_5b, t9_6)
    estimated = (
        t9_1 and impact.clients_affected_is_estimate,
        t9_2 and not (rep.media or rep.repetitive_complaints),
        False,
        False,
        False,
        False,
        t9_6 and any(c.estimate for c in impact.costs),
    )
    if impact.estimated:
        estimated = tuple(
            e or (m and not THRESHOLD_FIGURES[k].isdisjoint(impact.estimated))
            for k, m, e in zip(THRESHOLD_KEYS, met, estimated, strict=True)
        )
    gate = _gate(impact)
    major = gate and (t9_5b or sum(met) - t9_5b >= 2)
    return Assessment(gate, met, estimated, major, tuple(flags), costs)


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
            f"Major: Art 6 met and {len(met)} thresholds met: {criteria_list(met)} (Art 8(1)(b)).",
        )
    return (
        False,
        f"Not major: Art 6 met but only {len(met)} threshold(s) met (Art 8(1)(b) needs 2).",
    )


def classify(
    impact: ImpactFacts,
    home_state: str,
    aware_at: datetime | None = None,
    options: ClassificationOptions | None = None,
) -> ClassificationResult:
    """RTS-C Art 8(1): classify one incident from its impact facts, with every reason."""
    options = options or DEFAULT_OPTIONS
    return explain(assess(impact, home_state, aware_at, options), impact, home_state, aware_at)


def explain(
    a: Assessment,
    impact: ImpactFacts,
    home_state: str,
    aware_at: datetime | None = None,
    options: ClassificationOptions | None = None,
) -> ClassificationResult:
    """The reasons of an assessment, criterion by criterion (RTS-C Arts 6, 8, 9)."""
    options = options or DEFAULT_OPTIONS
    gate = critical_services_reason(impact)
    t = a.met
    e = a.estimated
    thresholds = (
        CriterionResult("t9_1", "RTS-C Art 9(1)", t[0], _why_9_1(impact, t[0]), e[0]),
        CriterionResult("t9_2", "RTS-C Art 9(2)", t[1], _why_9_2(impact), e[1]),
        CriterionResult("t9_3", "RTS-C Art 9(3)", t[2], _why_9_3(impact, aware_at, t[2]), e[2]),
        CriterionResult(
            "t9_4", "RTS-C Art 9(4)", t[3], _why_9_4(impact, home_state, options, t[3]), e[3]
        ),
        CriterionResult("t9_5a", "RTS-C Art 9(5)(a)", t[4], _why_9_5a(impact, t[4]), e[4]),
        CriterionResult("t9_5b", "RTS-C Art 9(5)(b)", t[5], _why_9_5b(impact, a), e[5]),
        CriterionResult("t9_6", "RTS-C Art 9(6)", t[6], _why_9_6(impact, a), e[6]),
    )
    major, why = major_rule(gate, thresholds)
    return ClassificationResult(
        gate, thresholds, major, why, a.review_flags, economic_impact_eur=a.economic_impact_eur
    )


def critical_services_reason(impact: ImpactFacts) -> CriterionResult:
    """RTS-C Art 6 with its reasons (a), (b), (c)."""
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
            GATE_KEY, "RTS-C Art 6", True, "Critical services affected: " + "; ".join(reasons) + "."
        )
    return CriterionResult(
        GATE_KEY,
        "RTS-C Art 6",
        False,
        "No CIF-supporting or authorised service affected and no malicious access.",
    )


def _pct(part: int, whole: int) -> str:
    """A share with at most two decimals; when rounding would hide which side of a whole
    percentage it lies on, say so ("just over 10.00 %")."""
    if not whole:
        return "n/a"
    value = part / whole * 100
    shown = round(value, 2)
    text = f"{percent(value, 2)[:-1]} %"
    if shown == int(shown) and value != shown:
        return ("just over " if value > shown else "just under ") + text
    return text


def _verdict(met: bool, parts: list[str]) -> str:
    return ("Met: " if met else "Not met: ") + "; ".join(parts) + "."


def _why_9_1(impact: ImpactFacts, met: bool) -> str:
    hits, seen = [], []
    ca, cu = impact.clients_affected, impact.clients_using_service
    if ca is not None and cu:
        (hits if _over(ca, cu, CLIENTS_SHARE_PCT) else seen).append(
            f"(a) clients {number(ca)}/{number(cu)} = {_pct(ca, cu)} vs > 10 %"
        )
    if ca is not None:
        (hits if ca > CLIENTS_NUMBER else seen).append(
            f"(b) {number(ca)} clients affected vs > 100,000"
        )
    pa, pt = impact.counterparts_affected, impact.counterparts_total
    if pa is not None and pt:
        (hits if _over(pa, pt, COUNTERPARTS_SHARE_PCT) else seen).append(
            f"(c) counterparts {number(pa)}/{number(pt)} = {_pct(pa, pt)} vs > 30 %"
        )
    for letter, value, what in (
        ("d", impact.transactions_affected_pct_of_daily_avg_number, "number"),
        ("e", impact.transactions_affected_pct_of_daily_avg_value, "value"),
    ):
        if value is not None:
            (hits if value > TRANSACTIONS_SHARE_PCT else seen).append(
                f"({letter}) transactions {percent(value)[:-1]} % of daily average {what} vs > 10 %"
            )
    if impact.relevant_clients_or_counterparts_affected:
        hits.append("(f) a relevant client or counterpart (Art 1(3)) was affected")
    if met:
        return "Met: " + "; ".join(hits) + "."
    return "Not met: " + ("; ".join(seen) or "no figures") + "."


def _why_9_2(impact: ImpactFacts) -> str:
    rep = impact.reputational
    cases = (
        ("(a) reflected in the media", rep.media),
        (
            "(b) repetitive complaints from different clients or counterparts",
            rep.repetitive_complaints,
        ),
        ("(c) regulatory requirements likely not met", rep.regulatory_requirements_breach_likely),
        ("(d) material loss of clients or counterparts likely", rep.material_client_loss_likely),
    )
    hits = [c for c, v in cases if v]
    return (
        ("Met: " + "; ".join(hits)) if hits else "Not met: none of the Art 2(1) cases applies"
    ) + "."


def _why_9_3(impact: ImpactFacts, aware_at: datetime | None, met: bool) -> str:
    duration = _duration(impact, aware_at)
    parts = [
        f"(a) duration {duration} vs > 24 h"
        if duration is not None
        else "(a) duration not known (occurrence or resolution time missing)"
    ]
    if impact.service_downtime is not None:
        if _supports_cif(impact):
            how = f" ({impact.downtime_basis})" if impact.downtime_basis else ""
            parts.append(f"(b) CIF service downtime {impact.service_downtime}{how} vs > 2 h")
        else:
            parts.append("(b) downtime concerns no service supporting a CIF")
    return _verdict(met, parts)


def _why_9_4(
    impact: ImpactFacts, home_state: str, options: ClassificationOptions, met: bool
) -> str:
    counted = _t9_4(impact, home_state, options)
    return _verdict(
        met,
        [
            f"{len(counted)} Member State(s) counted ({', '.join(sorted(counted)) or 'none'}) vs >= 2"
        ],
    )


def _why_9_5a(impact: ImpactFacts, met: bool) -> str:
    dims = impact.data_impact.dimensions()
    if met:
        return (
            f"Met: adverse data impact ({', '.join(dims) or 'as established'}) on business "
            "objectives or regulatory compliance."
        )
    return (
        f"Not met: {'no data impact' if not dims else 'impact on ' + ', '.join(dims)} "
        "without established adverse effect on business objectives or compliance."
    )


def _why_9_5b(impact: ImpactFacts, a: Assessment) -> str:
    if not impact.successful_malicious_unauthorised_access:
        return "Not met: no successful malicious unauthorised access."
    if impact.access_may_result_in_data_losses is False:
        return "Not met: the access cannot result in data losses."
    if not a.met[5]:
        return "Not met: the access is covered by 9(5)(a) (literal)."
    return "Met: successful malicious unauthorised access that may result in data losses."


def _why_9_6(impact: ImpactFacts, a: Assessment) -> str:
    total = a.economic_impact_eur
    excluded = [c.category for c in impact.costs if not c.counted and c.category != "total"]
    why = f"gross counted costs {money(total)} vs > EUR 100,000 (recoveries not netted)"
    if excluded:
        why += f"; excluded under Art 7(2): {', '.join(excluded)}"
    return _verdict(a.met[6], [why])


CLIENT_NOTICE_OPEN = "open"


def client_notification_required(
    result: Assessment | ClassificationResult, impact_on_financial_interests: bool | str | None
) -> tuple[bool | str, str]:
    """DORA Art 19(3): inform clients of a major incident affecting their financial interests.

    Until field 3.30 is known (not stated, or 'information not available') the answer is
    "open", with the reason.
    """
    if not result.major:
        return False, "Not a major incident: DORA Art 19(3) does not apply."
    if impact_on_financial_interests is None:
        return CLIENT_NOTICE_OPEN, (
            "Impact on clients' financial interests not yet known (field 3.30): the "
            "client-notification decision is open; re-evaluate once it is known."
        )
    if impact_on_financial_interests == NOT_AVAILABLE:
        return CLIENT_NOTICE_OPEN, (
            "Field 3.30 is 'information not available': the client-notification decision is "
            "open until the impact on clients' financial interests is known (DORA Art 19(3))."
        )
    if impact_on_financial_interests:
        return (
            True,
            "Major incident with impact on clients' financial interests: inform clients "
            "without undue delay (DORA Art 19(3)).",
        )
    return False, "Major incident without impact on clients' financial interests."
