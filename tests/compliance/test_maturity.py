import pytest
from hypothesis import given
from hypothesis import strategies as st

from midora.compliance.engine.freshness import EvidenceState
from midora.compliance.engine.maturity import (
    OVERALL,
    Change,
    RequirementResult,
    ResultStatus,
    compare,
    score_regime,
    suggest_status,
)


def _r(req, area, status=None, current=None, target=None, why="", regime="DORA"):
    return RequirementResult(req, regime, area, status, current, target, why)


PREVIOUS = [
    _r("DORA-5.2", "Governance", "partially_met", 2, 4),
    _r("DORA-6.5", "Governance", "met", 3, 4),
    _r("DORA-11.1", "Resilience", "not_met", 1, 3),
    _r("DORA-11.7", "Resilience", "not_applicable", why="microenterprise"),
    _r("DORA-24.6", "Resilience"),  # not assessed
]
CURRENT = [
    _r("DORA-5.2", "Governance", "partially_met", 3, 4),  # same status, maturity up
    _r("DORA-6.5", "Governance", "partially_met", 3, 4),  # status down
    _r("DORA-11.1", "Resilience", "met", 3, 3),  # status up
    _r("DORA-11.7", "Resilience", "not_applicable", why="microenterprise"),
    _r("DORA-24.6", "Resilience", "not_met", 1, 3),  # newly assessed
]


def test_scores_per_area_and_overall():
    result = score_regime(PREVIOUS)
    gov, res = result.areas["Governance"], result.areas["Resilience"]
    # Governance: (1 met + 0.5 x 1 partial) / 2 applicable = 75 %
    assert (gov.met, gov.partially_met, gov.compliance, gov.progress) == (1, 1, 75.0, 100.0)
    assert gov.mean_current_maturity == 2.5
    assert gov.maturity_gap == 1.5
    # Resilience: 1 not met, 1 N/A (excluded), 1 not assessed (excluded) -> 0 %; 2 of 3 assessed
    assert res.compliance == 0.0
    assert res.progress == pytest.approx(200 / 3)
    assert res.not_applicable == 1
    assert res.mean_current_maturity == 1.0
    # Overall: 1.5 / 3 applicable = 50 %; 4 of 5 assessed = 80 %
    assert result.overall.area == OVERALL
    assert (result.overall.compliance, result.overall.progress) == (50.0, 80.0)
    assert result.regime == "DORA"


def test_area_with_nothing_assessed_has_no_score():
    result = score_regime([_r("DORA-28.3", "Outsourcing")])
    area = result.areas["Outsourcing"]
    assert (area.compliance, area.progress, area.mean_current_maturity) == (None, 0.0, None)
    assert area.maturity_gap is None


def test_regimes_are_never_blended():
    mixed = [*PREVIOUS, _r("MICA-68.7", "Resilience", "met", regime="MiCA")]
    with pytest.raises(ValueError, match=r"exactly one regime.*never blended"):
        score_regime(mixed)
    with pytest.raises(ValueError, match="cannot compare DORA with MiCA"):
        compare(PREVIOUS, [_r("MICA-68.7", "Resilience", "met", regime="MiCA")])


def test_invalid_results_are_refused():
    with pytest.raises(ValueError, match=r"DORA-5\.2: not applicable needs a justification"):
        _r("DORA-5.2", "Governance", "not_applicable")
    with pytest.raises(ValueError, match="current_maturity must be an integer 0-5"):
        _r("DORA-5.2", "Governance", "met", 6)
    with pytest.raises(ValueError, match="target_maturity"):
        _r("DORA-5.2", "Governance", "met", 2, -1)
    with pytest.raises(ValueError):
        _r("DORA-5.2", "Governance", "done")
    with pytest.raises(ValueError, match="more than one result"):
        score_regime([PREVIOUS[0], PREVIOUS[0]])


def test_compare_per_requirement_and_area():
    result = compare(PREVIOUS, CURRENT)
    assert result.requirements == {
        "DORA-11.1": Change.IMPROVED,
        "DORA-11.7": Change.NOT_COMPARABLE,
        "DORA-24.6": Change.NOT_COMPARABLE,
        "DORA-5.2": Change.IMPROVED,
        "DORA-6.5": Change.REGRESSED,
    }
    # Governance 75 % -> 50 %; Resilience 0 % -> 50 %
    assert result.areas == {"Governance": Change.REGRESSED, "Resilience": Change.IMPROVED}


def test_compare_equal_compliance_uses_maturity_and_detects_unchanged():
    before = [_r("DORA-5.2", "Governance", "met", 2)]
    assert compare(before, before).areas == {"Governance": Change.UNCHANGED}
    after = [_r("DORA-5.2", "Governance", "met", 1)]
    result = compare(before, after)
    assert result.requirements == {"DORA-5.2": Change.REGRESSED}
    assert result.areas == {"Governance": Change.REGRESSED}


FRESH, SOON, STALE, MISSING = (
    EvidenceState.CURRENT,
    EvidenceState.DUE_SOON,
    EvidenceState.STALE,
    EvidenceState.MISSING,
)


@pytest.mark.parametrize(
    ("coverage", "states", "status", "maturity"),
    [
        ({}, {}, ResultStatus.NOT_MET, 0),
        ({"C1": "full"}, {"C1": FRESH}, ResultStatus.MET, 3),
        ({"C1": "full"}, {"C1": SOON}, ResultStatus.MET, 3),
        ({"C1": "full", "C2": "partial"}, {"C1": FRESH, "C2": STALE}, ResultStatus.MET, 2),
        (
            {"C1": "full", "C2": "partial"},
            {"C1": STALE, "C2": FRESH},
            ResultStatus.PARTIALLY_MET,
            2,
        ),
        ({"C1": "partial"}, {"C1": FRESH}, ResultStatus.PARTIALLY_MET, 2),
        ({"C1": "full"}, {"C1": STALE}, ResultStatus.NOT_MET, 1),
        ({"C1": "full"}, {}, ResultStatus.NOT_MET, 1),  # no state given means missing
        ({"C1": "full"}, {"C1": MISSING}, ResultStatus.NOT_MET, 1),
    ],
)
def test_suggest_status(coverage, states, status, maturity):
    suggestion = suggest_status(coverage, states)
    assert (suggestion.status, suggestion.maturity) == (status, maturity)
    for control in coverage:
        assert control in suggestion.reason


def test_suggest_status_refuses_unknown_coverage():
    with pytest.raises(ValueError):
        suggest_status({"C1": "most"}, {"C1": FRESH})


statuses = st.sampled_from([None, *ResultStatus])


@given(st.lists(st.tuples(statuses, st.sampled_from(["A", "B"])), min_size=1, max_size=30))
def test_scores_stay_within_bounds(rows):
    results = [
        _r(f"R{i}", area, status, why="n/a" if status is ResultStatus.NOT_APPLICABLE else "")
        for i, (status, area) in enumerate(rows)
    ]
    score = score_regime(results)
    for area in (score.overall, *score.areas.values()):
        assert 0 <= area.progress <= 100
        assert area.compliance is None or 0 <= area.compliance <= 100
    assert sum(a.requirements for a in score.areas.values()) == score.overall.requirements
