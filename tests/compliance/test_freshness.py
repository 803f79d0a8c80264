from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from midora.compliance.engine.freshness import (
    EvidenceItem,
    EvidenceState,
    control_evidence_state,
    evidence_state,
    evidence_states_by_control,
)

# Collected 1 Jan 2025, approved 1 Feb 2025, yearly review: due 1 Feb 2026 (365 days later).
POLICY = EvidenceItem("EV-1", "C-1", date(2025, 1, 1), 365, approved_on=date(2025, 2, 1))


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2025, 12, 1), EvidenceState.CURRENT),  # 62 days before the review date
        (date(2026, 1, 1), EvidenceState.CURRENT),  # 31 days before
        (date(2026, 1, 2), EvidenceState.DUE_SOON),  # 30 days before
        (date(2026, 2, 1), EvidenceState.DUE_SOON),  # review date itself
        (date(2026, 2, 2), EvidenceState.STALE),  # past it
    ],
)
def test_state_counts_from_approval_date(today, state):
    assert POLICY.review_due_on == date(2026, 2, 1)
    assert evidence_state(POLICY, today) is state


def test_state_without_approval_counts_from_collection():
    item = EvidenceItem("EV-2", "C-1", date(2025, 1, 1), 90)
    assert item.review_due_on == date(2025, 4, 1)
    assert evidence_state(item, date(2025, 4, 2)) is EvidenceState.STALE


def test_end_of_period_covered_is_not_the_review_date():
    """An access review covering October to December, next review due in May, is current until May."""
    item = EvidenceItem(
        "EV-3",
        "C-1",
        date(2025, 10, 1),
        90,
        effective_to=date(2025, 12, 31),
        next_review_on=date(2026, 5, 15),
    )
    assert item.review_due_on == date(2026, 5, 15)
    assert evidence_state(item, date(2026, 1, 10)) is EvidenceState.CURRENT
    assert evidence_state(item, date(2026, 3, 31)) is EvidenceState.CURRENT
    assert evidence_state(item, date(2026, 4, 20)) is EvidenceState.DUE_SOON
    assert evidence_state(item, date(2026, 5, 15)) is EvidenceState.DUE_SOON
    assert evidence_state(item, date(2026, 5, 16)) is EvidenceState.STALE


def test_review_interval_runs_from_the_end_of_the_period_covered():
    item = EvidenceItem("EV-4", "C-1", date(2025, 10, 1), 120, effective_to=date(2025, 12, 31))
    assert item.review_due_on == date(2026, 4, 30)
    assert evidence_state(item, date(2026, 2, 1)) is EvidenceState.CURRENT


def test_configurable_window():
    assert evidence_state(POLICY, date(2025, 12, 1), window_days=90) is EvidenceState.DUE_SOON
    assert evidence_state(POLICY, date(2026, 1, 31), window_days=0) is EvidenceState.CURRENT


def test_bad_items_are_refused():
    with pytest.raises(ValueError, match=r"EV-9.*must be positive"):
        EvidenceItem("EV-9", "C-1", date(2025, 1, 1), 0)
    with pytest.raises(ValueError, match=r"EV-9.*approved_on is before"):
        EvidenceItem("EV-9", "C-1", date(2025, 1, 1), 30, approved_on=date(2024, 12, 1))


def test_control_state_is_missing_without_evidence_and_best_otherwise():
    today = date(2026, 3, 1)
    stale = POLICY
    fresh = EvidenceItem("EV-4", "C-1", date(2026, 2, 1), 365)
    assert control_evidence_state([], today) is EvidenceState.MISSING
    assert control_evidence_state([stale], today) is EvidenceState.STALE
    assert control_evidence_state([stale, fresh], today) is EvidenceState.CURRENT


def test_states_by_control_include_controls_without_evidence():
    today = date(2025, 6, 1)
    states = evidence_states_by_control(["C-1", "C-2"], [POLICY], today)
    assert states == {"C-1": EvidenceState.CURRENT, "C-2": EvidenceState.MISSING}
    with pytest.raises(ValueError, match="unknown control 'C-1'"):
        evidence_states_by_control(["C-2"], [POLICY], today)


@given(st.integers(min_value=1, max_value=1000), st.integers(min_value=-50, max_value=1200))
def test_state_follows_the_review_date(interval, offset):
    collected = date(2025, 1, 1)
    item = EvidenceItem("EV", "C", collected, interval)
    today = collected + timedelta(days=offset)
    state = evidence_state(item, today)
    due = collected + timedelta(days=interval)
    assert (state is EvidenceState.STALE) == (today > due)
    assert (state is EvidenceState.CURRENT) == ((due - today).days > 30)
