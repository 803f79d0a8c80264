"""Residual ICT risk acceptances: state at a date, yearly review, and the treatment in effect.

An acceptance is valid from ``valid_from`` to ``valid_until`` inclusive. Once it has expired, a
risk whose treatment is "accept" goes back into treatment ("mitigate") until a new acceptance is
decided.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

Translate = Callable[[str], str]


def english(text: str) -> str:
    """The default translation: the English text itself (pages pass gettext)."""
    return text


DEFAULT_EXPIRY_WINDOW_DAYS = 30
REVIEW_INTERVAL_DAYS = 365


class AcceptanceState(StrEnum):
    NOT_YET_IN_FORCE = "not_yet_in_force"
    IN_FORCE = "in_force"
    EXPIRING_SOON = "expiring_soon"
    EXPIRED = "expired"


class Treatment(StrEnum):
    MITIGATE = "mitigate"
    TRANSFER = "transfer"
    AVOID = "avoid"
    ACCEPT = "accept"


@dataclass(frozen=True)
class RiskAcceptance:
    risk_id: str
    accepted_by: str
    valid_from: date
    valid_until: date
    reason: str
    approved: bool = True
    last_reviewed: date | None = None

    def __post_init__(self) -> None:
        if self.valid_until < self.valid_from:
            raise ValueError(
                f"acceptance of risk {self.risk_id!r}: valid_until {self.valid_until} is before "
                f"valid_from {self.valid_from}"
            )
        if not self.reason.strip():
            raise ValueError(f"acceptance of risk {self.risk_id!r}: a reason is required")


@dataclass(frozen=True)
class EffectiveTreatment:
    treatment: Treatment
    acceptance: RiskAcceptance | None
    state: AcceptanceState | None
    reason: str

    @property
    def back_in_treatment(self) -> bool:
        return self.acceptance is None and self.state is AcceptanceState.EXPIRED


def acceptance_state(
    acceptance: RiskAcceptance, today: date, window_days: int = DEFAULT_EXPIRY_WINDOW_DAYS
) -> AcceptanceState:
    """RTS 2024/1774 Art. 3(d)(ii)-(iii): whether a residual risk acceptance is in force today."""
    if window_days < 0:
        raise ValueError(f"window_days must not be negative, got {window_days}")
    if today < acceptance.valid_from:
        return AcceptanceState.NOT_YET_IN_FORCE
    if today > acceptance.valid_until:
        return AcceptanceState.EXPIRED
    if (acceptance.valid_until - today).days <= window_days:
        return AcceptanceState.EXPIRING_SOON
    return AcceptanceState.IN_FORCE


def review_due(acceptance: RiskAcceptance, today: date) -> bool:
    """RTS 2024/1774 Art. 3(d)(iv): an accepted residual risk is reviewed at least once a year."""
    last = acceptance.last_reviewed or acceptance.valid_from
    return today >= last + timedelta(days=REVIEW_INTERVAL_DAYS)


def effective_treatment(
    risk_treatment: Treatment | str,
    acceptances: Iterable[RiskAcceptance],
    today: date,
    window_days: int = DEFAULT_EXPIRY_WINDOW_DAYS,
    _: Translate = english,
) -> EffectiveTreatment:
    """RTS 2024/1774 Art. 3(c)-(d): an accepted risk without an acceptance in force is treated."""
    treatment = Treatment(risk_treatment)
    if treatment is Treatment.MITIGATE:  # each text translated only when it is the answer
        return EffectiveTreatment(treatment, None, None, _("treatment is mitigate"))
    if treatment is Treatment.TRANSFER:
        return EffectiveTreatment(treatment, None, None, _("treatment is transfer"))
    if treatment is Treatment.AVOID:
        return EffectiveTreatment(treatment, None, None, _("treatment is avoid"))
    approved = [a for a in acceptances if a.approved]
    live = [
        a
        for a in approved
        if acceptance_state(a, today, window_days)
        in (AcceptanceState.IN_FORCE, AcceptanceState.EXPIRING_SOON)
    ]
    if live:
        chosen = max(live, key=lambda a: a.valid_until)
        state = acceptance_state(chosen, today, window_days)
        return EffectiveTreatment(
            Treatment.ACCEPT,
            chosen,
            state,
            _("accepted by %(who)s until %(until)s")
            % {"who": chosen.accepted_by, "until": chosen.valid_until.isoformat()},
        )
    expired = [a for a in approved if today > a.valid_until]
    if expired:
        last = max(expired, key=lambda a: a.valid_until)
        return EffectiveTreatment(
            Treatment.MITIGATE,
            None,
            AcceptanceState.EXPIRED,
            _("acceptance expired on %(day)s: the risk is back in treatment")
            % {"day": last.valid_until.isoformat()},
        )
    return EffectiveTreatment(
        Treatment.MITIGATE,
        None,
        AcceptanceState.NOT_YET_IN_FORCE if approved else None,
        _("no approved acceptance in force: the risk stays in treatment"),
    )
