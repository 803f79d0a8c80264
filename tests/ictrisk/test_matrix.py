import copy

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from midora.ictrisk.engine.matrix import RiskMatrix, RiskMatrixConfigError


def _config() -> dict:
    from importlib import resources

    text = resources.files("midora").joinpath("data", "risk_matrix.yaml").read_text("utf-8")
    return yaml.safe_load(text)


DEFAULT = RiskMatrix.default()


def test_default_matrix_is_5x5_with_four_bands():
    assert [lvl.name for lvl in DEFAULT.likelihood] == [
        "Rare",
        "Unlikely",
        "Possible",
        "Likely",
        "Almost certain",
    ]
    assert len(DEFAULT.impact) == 5
    assert [b.name for b in DEFAULT.bands] == ["Low", "Medium", "High", "Critical"]
    assert DEFAULT.appetite_max_score == 9


@pytest.mark.parametrize(
    ("likelihood", "impact", "score", "band", "within"),
    [
        (1, 1, 1, "Low", True),
        (2, 2, 4, "Low", True),
        (1, 5, 5, "Medium", True),
        (3, 3, 9, "Medium", True),
        (2, 5, 10, "High", False),
        (4, 4, 16, "High", False),
        (3, 5, 15, "High", False),
        (5, 4, 20, "Critical", False),
        (5, 5, 25, "Critical", False),
    ],
)
def test_score_and_band(likelihood, impact, score, band, within):
    result = DEFAULT.score(likelihood, impact)
    assert (result.score, result.band.name, result.within_appetite) == (score, band, within)


@pytest.mark.parametrize(("likelihood", "impact"), [(0, 1), (6, 1), (1, 0), (1, 6), (True, 1)])
def test_score_refuses_levels_outside_matrix(likelihood, impact):
    with pytest.raises(ValueError, match=r"must be an integer 1\.\.5"):
        DEFAULT.score(likelihood, impact)


levels = st.integers(min_value=1, max_value=5)


@given(levels, levels, levels, levels)
def test_score_is_monotonic_in_likelihood_and_impact(l1, i1, l2, i2):
    if l1 <= l2 and i1 <= i2:
        low, high = DEFAULT.score(l1, i1), DEFAULT.score(l2, i2)
        assert low.score <= high.score
        assert low.band.rank <= high.band.rank


def test_lookup_table_scoring():
    cfg = _config()
    cfg["likelihood"] = cfg["likelihood"][:3]
    cfg["impact"] = cfg["impact"][:3]
    cfg["scoring"] = {"method": "table", "table": [[1, 2, 4], [2, 4, 7], [4, 7, 9]]}
    cfg["bands"] = [
        {"name": "Low", "min": 1, "max": 3, "colour": "#00FF00"},
        {"name": "High", "min": 4, "max": 9, "colour": "#FF0000"},
    ]
    cfg["appetite"] = {"max_score": 4}
    matrix = RiskMatrix.from_mapping(cfg)
    assert matrix.score(2, 3).score == 7
    assert matrix.score(2, 3).band.name == "High"
    assert matrix.score(2, 2).within_appetite
    assert not matrix.score(3, 2).within_appetite


def _broken(mutate):
    cfg = copy.deepcopy(_config())
    mutate(cfg)
    return cfg


@pytest.mark.parametrize(
    ("mutate", "path", "reason"),
    [
        (lambda c: c.pop("likelihood"), "likelihood", "non-empty list"),
        (lambda c: c["likelihood"][2].update(level=4), "likelihood[2].level", "expected 3"),
        (lambda c: c["impact"][1].update(name="Negligible"), "impact[1].name", "duplicate"),
        (lambda c: c["impact"][4].pop("name"), "impact[4].name", "non-empty string"),
        (lambda c: c["scoring"].update(method="sum"), "scoring.method", "must be one of"),
        (
            lambda c: c["scoring"].update(method="table", table=[[1] * 5] * 4),
            "scoring.table",
            "needs 5 rows",
        ),
        (
            lambda c: c["scoring"].update(
                method="table", table=[[1, 2, 3, 4, 5]] * 2 + [[1, 2, 1, 4, 5]] + [[5] * 5] * 2
            ),
            "scoring.table[2][2]",
            "decreases as impact rises",
        ),
        (
            lambda c: c["scoring"].update(
                method="table", table=[[3] * 5, [2] * 5, [3] * 5, [4] * 5, [5] * 5]
            ),
            "scoring.table[1][0]",
            "decreases as likelihood rises",
        ),
        (lambda c: c["bands"][1].update(min=4), "bands[1].min", "overlaps"),
        (lambda c: c["bands"][3].update(max=24), "bands", "score 25 falls in no band"),
        (lambda c: c["bands"][0].update(colour="green"), "bands[0].colour", "#RRGGBB"),
        (lambda c: c["bands"][2].update(min="10"), "bands[2].min", "must be an integer"),
        (lambda c: c["appetite"].update(max_score=30), "appetite.max_score", "outside"),
        (lambda c: c.update(appetite=9), "appetite", "must be a mapping"),
    ],
)
def test_malformed_config_is_refused_with_path(mutate, path, reason):
    with pytest.raises(RiskMatrixConfigError) as caught:
        RiskMatrix.from_mapping(_broken(mutate))
    assert caught.value.path == path
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{path}: ")


def test_non_mapping_config_is_refused():
    with pytest.raises(RiskMatrixConfigError, match=r"^\$: must be a mapping"):
        RiskMatrix.from_mapping(["not", "a", "mapping"])


def test_residual_above_inherent_is_never_silent():
    warnings = DEFAULT.residual_check(inherent=(2, 3), residual=(3, 3))
    codes = [w.code for w in warnings]
    assert "residual_above_inherent" in codes
    assert "residual_likelihood_above_inherent" in codes
    assert "residual_impact_above_inherent" not in codes


def test_residual_axis_rise_warns_even_when_score_falls():
    warnings = DEFAULT.residual_check(inherent=(4, 2), residual=(1, 3))
    assert [w.code for w in warnings] == ["residual_impact_above_inherent"]


def test_residual_outside_appetite_warns():
    warnings = DEFAULT.residual_check(inherent=(5, 5), residual=(4, 3))
    assert [w.code for w in warnings] == ["residual_above_appetite"]
    assert "12" in warnings[0].message


def test_residual_below_inherent_within_appetite_is_clean():
    assert DEFAULT.residual_check(inherent=(5, 5), residual=(2, 2)) == []


@given(levels, levels, levels, levels)
def test_residual_score_above_inherent_always_warns(l1, i1, l2, i2):
    warnings = DEFAULT.residual_check((l1, i1), (l2, i2))
    if l2 * i2 > l1 * i1:
        assert any(w.code == "residual_above_inherent" for w in warnings)
    else:
        assert all(w.code != "residual_above_inherent" for w in warnings)


def test_heatmap_counts_and_ids():
    grid = DEFAULT.heatmap([(5, 5, "R-3"), (5, 5, "R-1"), (1, 2, "R-2"), (3, 4, "R-4")])
    assert len(grid.rows) == 5
    assert [c.likelihood for c in (row[0] for row in grid.rows)] == [5, 4, 3, 2, 1]
    top_right = grid.rows[0][4]
    assert (top_right.likelihood, top_right.impact) == (5, 5)
    assert top_right.risk_ids == ("R-1", "R-3")
    assert top_right.count == 2
    assert top_right.band.name == "Critical"
    assert grid.cell(1, 2).risk_ids == ("R-2",)
    assert grid.cell(3, 4).score == 12
    assert grid.cell(2, 2).count == 0
    assert grid.total == 4


def test_heatmap_refuses_bad_cell_naming_the_risk():
    with pytest.raises(ValueError, match=r"risk 'R-9' \(item 1\): impact"):
        DEFAULT.heatmap([(1, 1, "R-1"), (2, 7, "R-9")])


@given(st.lists(st.tuples(levels, levels, st.text(min_size=1, max_size=5)), max_size=40))
def test_heatmap_total_equals_input(cells):
    assert DEFAULT.heatmap(cells).total == len(cells)
