"""The risk matrix is configuration: a file in MIDORA_HOME changes every score without code."""

import pytest
import yaml

from midora.ictrisk.matrix_config import MatrixFileError, active_matrix
from midora.ictrisk.models import Risk
from midora.ictrisk.services import heatmap
from tests.ictrisk.builders import make_risk

pytestmark = pytest.mark.django_db

FOUR_BY_FOUR = {
    "name": "Group 4x4 matrix",
    "likelihood": [{"level": n, "name": f"L{n}"} for n in range(1, 5)],
    "impact": [{"level": n, "name": f"I{n}"} for n in range(1, 5)],
    "scoring": {
        "method": "table",
        "table": [[1, 2, 3, 5], [2, 4, 6, 8], [3, 6, 9, 12], [5, 8, 12, 16]],
    },
    "bands": [
        {"name": "Green", "min": 1, "max": 3, "colour": "#00AA00"},
        {"name": "Amber", "min": 4, "max": 8, "colour": "#FFAA00"},
        {"name": "Red", "min": 9, "max": 16, "colour": "#CC0000"},
    ],
    "appetite": {"max_score": 4},
}


@pytest.fixture
def home(settings, tmp_path):
    settings.HOME = tmp_path
    return tmp_path


def test_default_matrix_scores_a_risk(home, entity):
    risk = make_risk(entity, inherent=(4, 5), residual=(2, 3))
    assert (risk.inherent.score, risk.inherent.band.name) == (20, "Critical")
    assert (risk.residual.score, risk.residual.band.name) == (6, "Medium")
    assert risk.residual.within_appetite


def test_matrix_file_in_home_changes_scores_without_code(home, entity):
    risk = make_risk(entity, inherent=(4, 4), residual=(1, 4))
    (home / "risk_matrix.yaml").write_text(yaml.safe_dump(FOUR_BY_FOUR), "utf-8")
    risk = Risk.objects.get(pk=risk.pk)
    assert active_matrix().name == "Group 4x4 matrix"
    assert (risk.inherent.score, risk.inherent.band.name) == (16, "Red")
    assert (risk.residual.score, risk.residual.band.name) == (5, "Amber")
    assert not risk.residual.within_appetite
    grid = heatmap(Risk.objects.all(), "inherent")
    assert len(grid.rows) == 4 and len(grid.rows[0]) == 4
    assert grid.total == 1 and grid.outside == 0


def test_levels_outside_a_reconfigured_matrix_are_reported(home, entity):
    make_risk(entity, inherent=(5, 5), residual=(2, 2))
    (home / "risk_matrix.yaml").write_text(yaml.safe_dump(FOUR_BY_FOUR), "utf-8")
    grid = heatmap(Risk.objects.all(), "inherent")
    assert (grid.total, grid.outside) == (0, 1)
    risk = Risk.objects.get()
    assert risk.inherent is None
    assert [w.code for w in risk.warnings] == ["outside_matrix"]


def test_new_risks_are_checked_against_the_configured_levels(home, entity):
    (home / "risk_matrix.yaml").write_text(yaml.safe_dump(FOUR_BY_FOUR), "utf-8")
    with pytest.raises(Exception, match="1 to 4"):
        make_risk(entity, inherent=(5, 1), residual=(1, 1))


def test_invalid_matrix_file_names_the_file_and_item(home):
    broken = dict(FOUR_BY_FOUR, appetite={"max_score": 99})
    (home / "risk_matrix.yaml").write_text(yaml.safe_dump(broken), "utf-8")
    with pytest.raises(MatrixFileError) as info:
        active_matrix()
    assert "risk_matrix.yaml" in str(info.value)
    assert "appetite.max_score" in str(info.value)
