"""Major-incident classification (Delegated Regulation (EU) 2024/1772 Arts 6, 8(1), 9).

`assess` decides in one pass over plain values (booleans and the figures compared); `explain`
turns an assessment into the criterion-by-criterion reasons, only when they are asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Protocol

from midora.core.engine.sentences import Figure, Sentence, _
from midora.incidents.engine.costs import COUNTED_COST_CATEGORIES
from midora.incidents.engine.criteria import criteria_list
from midora.incidents.engine.facts import (
    NO_REPUTATIONAL_IMPACT,
    THRESHOLD_KEYS,
    ImpactFacts,
)
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
    why: str  # a Sentence when the engine wrote it (midora.core.engine.sentences)
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
        Sentence(
            _(
                "Home Member State plus one other: whether the home State counts is an open "
                "point; this result counts it."
            )
        )
        if counts
        else Sentence(
            _(
                "Home Member State plus one other: whether the home State counts is an open "
                "point; this result excludes it."
            )
        ),
    )


FLAG_HOME_STATE = {True: _flag_home_state(True), False: _flag_home_state(False)}
FLAG_MAY_CAUSE_LOSS = ReviewFlag(
    "malicious_access_may_cause_loss_assumed",
    "RTS-C Art 9(5)(b)",
    Sentence(_("Whether the access may result in data losses was not stated; assumed it may.")),
)
FLAG_COVERED_BY_A = {
    conservative: ReviewFlag(
        "malicious_access_covered_by_9_5_a",
        "RTS-C Art 9(5)(b); ref §3.1",
        Sentence(
            _(
                "Access already covered by 9(5)(a): literal reading excludes (b); "
                "conservative reading applied (b)."
            )
        )
        if conservative
        else Sentence(
            _("Access already covered by 9(5)(a): literal reading excludes (b); literal reading.")
        ),
    )
    for conservative in (True, False)
}


def _over(part: float, whole: float, pct: int) -> bool:
    """`part` is more than `pct` % of `whole` (strict, exact for whole numbers)."""
    return part * 100 > whole * pct


def _t9_1(impact: ImpactFacts) -> bool:
    ca, cu = impact.clients_affected, impact.clients_using_service
    # `_over` written out: the call would cost more than the arithmetic, on every incident
    if ca is not None and ((cu and ca * 100 > cu * CLIENTS_SHARE_PCT) or ca > CLIENTS_NUMBER):
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


# The next three loop where any() would read better: its generator costs more than the
# look-ups themselves, on every incident.
def _supports_cif(impact: ImpactFacts) -> bool:
    for s in impact.services_affected:  # noqa: SIM110
        if s.supports_critical_or_important_function:
            return True
    return False


def _any_estimated_cost(impact: ImpactFacts) -> bool:
    for c in impact.costs:  # noqa: SIM110
        if c.estimate:
            return True
    return False


def _critical_services(impact: ImpactFacts) -> bool:
    """RTS-C Art 6: a CIF-supporting or authorised service, or malicious access."""
    if impact.successful_malicious_unauthorised_access:
        return True
    for s in impact.services_affected:
        if s.supports_critical_or_important_function or s.authorised_crypto_asset_service:
            return True
    return False


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
    flags: tuple[ReviewFlag, ...] = ()  # grown only when a flag is raised
    rep = impact.reputational
    t9_2 = rep is not NO_REPUTATIONAL_IMPACT and (
        rep.media
        or rep.repetitive_complaints
        or rep.regulatory_requirements_breach_likely
        or rep.material_client_loss_likely
    )
    states = impact.member_states_impacted
    t9_4 = False
    if len(states) > 1:  # one State is no spread, and raises no flag
        spread = set(states)
        if home_state in spread and len(spread) == 2:
            flags += (FLAG_HOME_STATE[options.home_state_counts_for_spread],)
        if not options.home_state_counts_for_spread:
            spread.discard(home_state)
        t9_4 = len(spread) >= 2
    t9_5a = impact.data_impact.adverse_impact_established
    t9_5b = False
    malicious = impact.successful_malicious_unauthorised_access
    if malicious:
        may = impact.access_may_result_in_data_losses
        if may is None:
            may = True
            flags += (FLAG_MAY_CAUSE_LOSS,)
        if may:
            t9_5b = True
            if t9_5a:
                flags += (FLAG_COVERED_BY_A[options.malicious_access_conservative],)
                t9_5b = options.malicious_access_conservative
    costs = economic_impact_eur(impact) if impact.costs else ZERO
    t9_6 = costs > EUR_100K
    t9_1 = _t9_1(impact)
    # RTS-C Art 9(3): longer than 24 h, or a CIF-supporting service down more than 2 h
    start = impact.occurred_at or aware_at
    resolved = impact.resolved_at
    t9_3 = start is not None and resolved is not None and resolved - start > ONE_DAY
    if not t9_3:
        downtime = impact.service_downtime
        t9_3 = downtime is not None and downtime > TWO_HOURS and _supports_cif(impact)
    met = (t9_1, t9_2, t9_3, t9_4, t9_5a, t9_5b, t9_6)
    estimated = NOTHING_ESTIMATED
    if (t9_1 and impact.clients_affected_is_estimate) or t9_2 or t9_6 or impact.estimated:
        estimated = (
            t9_1 and impact.clients_affected_is_estimate,
            t9_2 and not (rep.media or rep.repetitive_complaints),
            False,
            False,
            False,
            False,
            t9_6 and _any_estimated_cost(impact),
        )
    if impact.estimated:
        estimated = tuple(
            e or (m and not THRESHOLD_FIGURES[k].isdisjoint(impact.estimated))
            for k, m, e in zip(THRESHOLD_KEYS, met, estimated, strict=True)
        )
    gate = _critical_services(impact)
    major = gate and (t9_5b or t9_1 + t9_2 + t9_3 + t9_4 + t9_5a + t9_6 >= 2)
    return Assessment(gate, met, estimated, major, flags, costs)


NOTHING_ESTIMATED: tuple[bool, ...] = (False,) * 7


def major_rule(gate: CriterionResult, thresholds: tuple[CriterionResult, ...]) -> tuple[bool, str]:
    """RTS-C Art 8(1): gate AND (9(5)(b) OR at least two of the other thresholds)."""
    met = [t.key for t in thresholds if t.met and t.key != "t9_5b"]
    if not gate.met:
        return False, Sentence(
            _("Not major: Art 6 (critical services affected) is not met (Art 8(1)).")
        )
    if any(t.key == "t9_5b" and t.met for t in thresholds):
        return True, Sentence(_("Major: Art 6 met and 9(5)(b) suffices on its own (Art 8(1)(a))."))
    if len(met) >= 2:
        return True, Sentence(
            _("Major: Art 6 met and %(count)s thresholds met: %(thresholds)s (Art 8(1)(b))."),
            count=Figure(len(met)),
            thresholds=criteria_list(met),
        )
    return False, Sentence(
        _("Not major: Art 6 met but only %(count)s threshold(s) met (Art 8(1)(b) needs 2)."),
        count=Figure(len(met)),
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
    from midora.incidents.engine.explanations import critical_services_reason, threshold_reasons

    options = options or DEFAULT_OPTIONS
    gate = critical_services_reason(impact)
    thresholds = threshold_reasons(a, impact, home_state, aware_at, options)
    major, why = major_rule(gate, thresholds)
    return ClassificationResult(
        gate, thresholds, major, why, a.review_flags, economic_impact_eur=a.economic_impact_eur
    )


CLIENT_NOTICE_OPEN = "open"


class Decided(Protocol):
    """Whatever decided RTS-C Art 8(1): DORA Art 19(3) asks it only whether it is major."""

    @property
    def major(self) -> bool: ...


def client_notification_required(
    result: Decided, impact_on_financial_interests: bool | str | None
) -> tuple[bool | str, str]:
    """DORA Art 19(3): inform clients of a major incident affecting their financial interests.

    Until field 3.30 is known (not stated, or 'information not available') the answer is
    "open", with the reason.
    """
    if not result.major:
        return False, Sentence(_("Not a major incident: DORA Art 19(3) does not apply."))
    if impact_on_financial_interests is None:
        return CLIENT_NOTICE_OPEN, Sentence(
            _(
                "Impact on clients' financial interests not yet known (field 3.30): the "
                "client-notification decision is open; re-evaluate once it is known."
            )
        )
    if impact_on_financial_interests == NOT_AVAILABLE:
        return CLIENT_NOTICE_OPEN, Sentence(
            _(
                "Field 3.30 is 'information not available': the client-notification decision "
                "is open until the impact on clients' financial interests is known "
                "(DORA Art 19(3))."
            )
        )
    if impact_on_financial_interests:
        return True, Sentence(
            _(
                "Major incident with impact on clients' financial interests: inform clients "
                "without undue delay (DORA Art 19(3))."
            )
        )
    return False, Sentence(_("Major incident without impact on clients' financial interests."))
