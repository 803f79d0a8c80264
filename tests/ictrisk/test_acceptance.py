from datetime import date

import pytest

from midora.ictrisk.engine.acceptance import (
    AcceptanceState,
    RiskAcceptance,
    Treatment,
    acceptance_state,
    effective_treatment,
    review_due,
)


def _acc(valid_from, valid_until, approved=True, last_reviewed=None):
    return RiskAcceptance(
        risk_id="R-1",
        accepted_by="CRO",
        valid_from=valid_from,
        valid_until=valid_until,
        reason="Compensating control in place",
        approved=approved,
        last_reviewed=last_reviewed,
    )


ACC = _acc(date(2025, 1, 1), date(2025, 6, 30))


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2024, 12, 31), AcceptanceState.NOT_YET_IN_FORCE),
        (date(2025, 1, 1), AcceptanceState.IN_FORCE),
        (date(2025, 5, 30), AcceptanceState.IN_FORCE),  # 31 days left
        (date(2025, 5, 31), AcceptanceState.EXPIRING_SOON),  # 30 days left
        (date(2025, 6, 30), AcceptanceState.EXPIRING_SOON),  # last valid day
        (date(2025, 7, 1), AcceptanceState.EXPIRED),
    ],
)
def test_acceptance_state_default_window(today, state):
    assert acceptance_state(ACC, today) is state


def test_acceptance_state_configurable_window():
    assert acceptance_state(ACC, date(2025, 5, 30), window_days=45) is AcceptanceState.EXPIRING_SOON
    assert acceptance_state(ACC, date(2025, 6, 29), window_days=0) is AcceptanceState.IN_FORCE
    with pytest.raises(ValueError, match="window_days"):
        acceptance_state(ACC, date(2025, 5, 30), window_days=-1)


def test_acceptance_refuses_inverted_dates_and_missing_reason():
    with pytest.raises(ValueError, match=r"R-1.*before valid_from"):
        _acc(date(2025, 2, 1), date(2025, 1, 1))
    with pytest.raises(ValueError, match="reason is required"):
        RiskAcceptance("R-1", "CRO", date(2025, 1, 1), date(2025, 2, 1), "  ")


def test_expired_acceptance_puts_risk_back_into_treatment():
    result = effective_treatment("accept", [ACC], date(2025, 7, 1))
    assert result.treatment is Treatment.MITIGATE
    assert result.state is AcceptanceState.EXPIRED
    assert result.back_in_treatment
    assert "2025-06-30" in result.reason


def test_acceptance_in_force_keeps_risk_accepted():
    result = effective_treatment(Treatment.ACCEPT, [ACC], date(2025, 6, 15))
    assert result.treatment is Treatment.ACCEPT
    assert result.acceptance is ACC
    assert result.state is AcceptanceState.EXPIRING_SOON
    assert not result.back_in_treatment


def test_renewed_acceptance_wins_over_expired_one():
    renewal = _acc(date(2025, 7, 1), date(2026, 6, 30))
    result = effective_treatment("accept", [ACC, renewal], date(2025, 8, 1))
    assert result.treatment is Treatment.ACCEPT
    assert result.acceptance is renewal
    assert result.state is AcceptanceState.IN_FORCE


def test_unapproved_acceptance_does_not_count():
    pending = _acc(date(2025, 1, 1), date(2025, 12, 31), approved=False)
    result = effective_treatment("accept", [pending], date(2025, 3, 1))
    assert result.treatment is Treatment.MITIGATE
    assert result.state is None
    assert not result.back_in_treatment


def test_future_acceptance_is_not_yet_in_force():
    result = effective_treatment("accept", [ACC], date(2024, 12, 1))
    assert result.treatment is Treatment.MITIGATE
    assert result.state is AcceptanceState.NOT_YET_IN_FORCE


def test_other_treatments_are_unchanged():
    result = effective_treatment("transfer", [ACC], date(2025, 8, 1))
    assert result.treatment is Treatment.TRANSFER
    assert result.acceptance is None
    with pytest.raises(ValueError):
        effective_treatment("ignore", [], date(2025, 8, 1))


def test_yearly_review_due():
    acc = _acc(date(2024, 1, 1), date(2026, 12, 31))
    assert not review_due(acc, date(2024, 12, 30))
    assert review_due(acc, date(2024, 12, 31))  # 365 days later (2024 is a leap year)
    reviewed = _acc(date(2024, 1, 1), date(2026, 12, 31), last_reviewed=date(2024, 11, 1))
    assert not review_due(reviewed, date(2025, 6, 1))
    assert review_due(reviewed, date(2025, 11, 1))
