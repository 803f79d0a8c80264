"""Evidence reused by both regimes is counted the same whichever regime the crosswalk shows."""

import datetime as dt

import pytest

from midora.compliance.crosswalk import build_crosswalk, visible_records

pytestmark = pytest.mark.django_db


def test_reuse_count_does_not_drop_to_zero_under_a_regime_filter(world):
    controls, evidence = visible_records(world.users["administrator"])
    today = dt.date.today()
    both = build_crosswalk(controls, evidence, today).evidence_both
    assert both > 0
    for regime in ("MICA", "DORA"):
        assert build_crosswalk(controls, evidence, today, [regime]).evidence_both == both
