"""Gap assessment scoring for ONE regime: area and regime scores, progress, comparison, pre-fill.

Compliance score of a set of requirements = (met + 0.5 x partially met) / applicable assessed,
as a percentage; not applicable and not yet assessed requirements are left out of it. Progress =
assessed (including not applicable) / all requirements, as a percentage. Mean maturities are over
applicable assessed requirements that carry a maturity. Results of two regimes are never blended:
every function refuses mixed input.

Suggested maturity (``suggest_status``) stays on the evidence-based part of the 0-5 scale:
0 nothing mapped, 1 controls mapped but no fresh evidence, 2 partly evidenced, 3 fully evidenced.
Levels 4-5 (measured, optimised) need an assessor's judgement and are never suggested.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from midora.compliance.engine.freshness import EvidenceState
from midora.core.engine.sentences import Sentence, _

MATURITY_MIN, MATURITY_MAX = 0, 5
OVERALL = "All areas"
FRESH_STATES = frozenset({EvidenceState.CURRENT, EvidenceState.DUE_SOON})


class ResultStatus(StrEnum):
    MET = "met"
    PARTIALLY_MET = "partially_met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"


class Change(StrEnum):
    IMPROVED = "improved"
    REGRESSED = "regressed"
    UNCHANGED = "unchanged"
    NOT_COMPARABLE = "not_comparable"  # missing, not assessed or not applicable on one side


class Coverage(StrEnum):
    FULL = "full"
    PARTIAL = "partial"


# what is not assessed (None) or not applicable has no rank
_STATUS_RANK: dict[ResultStatus | None, int] = {
    ResultStatus.NOT_MET: 0,
    ResultStatus.PARTIALLY_MET: 1,
    ResultStatus.MET: 2,
}


@dataclass(frozen=True)
class RequirementResult:
    requirement_id: str
    regime: str
    area: str
    status: ResultStatus | None = None  # None: not assessed yet
    current_maturity: int | None = None
    target_maturity: int | None = None
    justification: str = ""

    def __post_init__(self) -> None:
        if self.status is not None:
            object.__setattr__(self, "status", ResultStatus(self.status))
        for name in ("current_maturity", "target_maturity"):
            value = getattr(self, name)
            if value is not None and (
                isinstance(value, bool)
                or not isinstance(value, int)
                or not MATURITY_MIN <= value <= MATURITY_MAX
            ):
                raise ValueError(
                    f"{self.requirement_id}: {name} must be an integer "
                    f"{MATURITY_MIN}-{MATURITY_MAX}, got {value!r}"
                )
        if self.status is ResultStatus.NOT_APPLICABLE and not self.justification.strip():
            raise ValueError(f"{self.requirement_id}: not applicable needs a justification")

    @property
    def assessed(self) -> bool:
        return self.status is not None

    @property
    def applicable_assessed(self) -> bool:
        return self.status is not None and self.status is not ResultStatus.NOT_APPLICABLE


@dataclass(frozen=True)
class AreaScore:
    area: str
    requirements: int
    assessed: int
    not_applicable: int
    met: int
    partially_met: int
    not_met: int
    compliance: float | None  # percent
    progress: float | None  # percent assessed
    mean_current_maturity: float | None
    mean_target_maturity: float | None

    @property
    def maturity_gap(self) -> float | None:
        if self.mean_current_maturity is None or self.mean_target_maturity is None:
            return None
        return self.mean_target_maturity - self.mean_current_maturity


@dataclass(frozen=True)
class RegimeScore:
    regime: str
    overall: AreaScore
    areas: dict[str, AreaScore]


@dataclass(frozen=True)
class Comparison:
    regime: str
    requirements: dict[str, Change]
    areas: dict[str, Change]


@dataclass(frozen=True)
class Suggestion:
    status: ResultStatus
    maturity: int
    reason: str  # a Sentence (midora.core.engine.sentences): pages say it in their language


def _one_regime(results: Iterable[RequirementResult]) -> tuple[str, list[RequirementResult]]:
    items = list(results)
    regimes = sorted({r.regime for r in items})
    if len(regimes) != 1:
        raise ValueError(
            f"results must come from exactly one regime, got {regimes or 'none'}: "
            "regimes are scored separately, never blended"
        )
    seen: set[str] = set()
    for r in items:
        if r.requirement_id in seen:
            raise ValueError(f"{r.requirement_id}: more than one result")
        seen.add(r.requirement_id)
    return regimes[0], items


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _area_score(area: str, items: list[RequirementResult]) -> AreaScore:
    counts = {status: sum(1 for r in items if r.status is status) for status in ResultStatus}
    applicable = [r for r in items if r.applicable_assessed]
    assessed = sum(1 for r in items if r.assessed)
    earned = counts[ResultStatus.MET] + 0.5 * counts[ResultStatus.PARTIALLY_MET]
    return AreaScore(
        area=area,
        requirements=len(items),
        assessed=assessed,
        not_applicable=counts[ResultStatus.NOT_APPLICABLE],
        met=counts[ResultStatus.MET],
        partially_met=counts[ResultStatus.PARTIALLY_MET],
        not_met=counts[ResultStatus.NOT_MET],
        compliance=100 * earned / len(applicable) if applicable else None,
        progress=100 * assessed / len(items) if items else None,
        mean_current_maturity=_mean(
            [r.current_maturity for r in applicable if r.current_maturity is not None]
        ),
        mean_target_maturity=_mean(
            [r.target_maturity for r in applicable if r.target_maturity is not None]
        ),
    )


def score_regime(results: Iterable[RequirementResult]) -> RegimeScore:
    """DORA Art. 6(5)-(6); MiCA Art. 68(6): one regime's scores per area and overall."""
    regime, items = _one_regime(results)
    by_area: dict[str, list[RequirementResult]] = {}
    for r in items:
        by_area.setdefault(r.area, []).append(r)
    return RegimeScore(
        regime,
        _area_score(OVERALL, items),
        {area: _area_score(area, group) for area, group in sorted(by_area.items())},
    )


def _requirement_change(
    before: RequirementResult | None, after: RequirementResult | None
) -> Change:
    if before is None or after is None:
        return Change.NOT_COMPARABLE
    was, now = _STATUS_RANK.get(before.status), _STATUS_RANK.get(after.status)
    if was is None or now is None:
        return Change.NOT_COMPARABLE
    if now == was and before.current_maturity is not None and after.current_maturity is not None:
        was, now = before.current_maturity, after.current_maturity
    return _direction(was, now)


def _direction(was: float, now: float) -> Change:
    if now > was:
        return Change.IMPROVED
    if now < was:
        return Change.REGRESSED
    return Change.UNCHANGED


def _area_change(before: AreaScore | None, after: AreaScore | None) -> Change:
    if before is None or after is None or before.compliance is None or after.compliance is None:
        return Change.NOT_COMPARABLE
    change = _direction(before.compliance, after.compliance)
    was, now = before.mean_current_maturity, after.mean_current_maturity
    if change is Change.UNCHANGED and was is not None and now is not None:
        change = _direction(was, now)
    return change


def compare(
    previous: Iterable[RequirementResult], current: Iterable[RequirementResult]
) -> Comparison:
    """DORA Art. 6(5); MiCA Art. 68(6): change per requirement and area between assessments."""
    # Status decides first (not met < partially met < met); on equal status the current maturity
    # decides. Areas compare the compliance score, then the mean current maturity.
    regime_before, before = _one_regime(previous)
    regime_after, after = _one_regime(current)
    if regime_before != regime_after:
        raise ValueError(
            f"cannot compare {regime_before} with {regime_after}: regimes are never blended"
        )
    old = {r.requirement_id: r for r in before}
    new = {r.requirement_id: r for r in after}
    requirements = {
        key: _requirement_change(old.get(key), new.get(key))
        for key in sorted(old.keys() | new.keys())
    }
    old_areas, new_areas = score_regime(before).areas, score_regime(after).areas
    areas = {
        area: _area_change(old_areas.get(area), new_areas.get(area))
        for area in sorted(old_areas.keys() | new_areas.keys())
    }
    return Comparison(regime_after, requirements, areas)


def suggest_status(
    mapped_controls_coverage: Mapping[str, Coverage | str],
    evidence_states: Mapping[str, EvidenceState],
) -> Suggestion:
    """DORA Art. 6(5); MiCA Art. 68(6): pre-fill a result from mapped controls and evidence."""
    if not mapped_controls_coverage:
        return Suggestion(
            ResultStatus.NOT_MET, 0, Sentence(_("no control is mapped to this requirement"))
        )
    coverage = {key: Coverage(value) for key, value in mapped_controls_coverage.items()}
    fresh = sorted(
        c for c in coverage if evidence_states.get(c, EvidenceState.MISSING) in FRESH_STATES
    )
    unfresh = sorted(set(coverage) - set(fresh))
    full = [c for c in fresh if coverage[c] is Coverage.FULL]
    lacking = {"lacking": ", ".join(unfresh)} if unfresh else {}
    if full:
        template = (
            _(
                "fully covered by %(controls)s with fresh evidence; without fresh evidence: %(lacking)s"
            )
            if unfresh
            else _("fully covered by %(controls)s with fresh evidence")
        )
        return Suggestion(
            ResultStatus.MET,
            3 if not unfresh else 2,
            Sentence(template, controls=", ".join(full), **lacking),
        )
    if fresh:
        template = (
            _(
                "only partly covered by %(controls)s with fresh evidence; without fresh "
                "evidence: %(lacking)s"
            )
            if unfresh
            else _("only partly covered by %(controls)s with fresh evidence")
        )
        return Suggestion(
            ResultStatus.PARTIALLY_MET, 2, Sentence(template, controls=", ".join(fresh), **lacking)
        )
    return Suggestion(
        ResultStatus.NOT_MET,
        1,
        Sentence(
            _("mapped controls have no fresh evidence: %(controls)s"), controls=", ".join(unfresh)
        ),
    )
