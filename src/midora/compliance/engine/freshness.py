"""Evidence freshness: current, due for review soon, stale, or missing for a control.

An item's review is due on its ``next_review_on`` date when one is set, otherwise
``review_interval_days`` after the latest of its collection date, the end of the period it covers
(``effective_to``) and its approval date. The end of the period covered is not the review date:
an access review covering October to December whose next review is due in May stays current
until May. An item is stale once its review date has passed, and due soon when that date is at
most ``window_days`` away. A control takes the state of its
freshest item, and is missing when it has none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

DEFAULT_REVIEW_WINDOW_DAYS = 30


class EvidenceState(StrEnum):
    CURRENT = "current"
    DUE_SOON = "due_soon"
    STALE = "stale"
    MISSING = "missing"


# From best to worst; a control takes the best state among its items.
_ORDER = (EvidenceState.CURRENT, EvidenceState.DUE_SOON, EvidenceState.STALE, EvidenceState.MISSING)


@dataclass(frozen=True)
class EvidenceItem:
    id: str
    control_id: str
    collected_on: date
    review_interval_days: int
    approved_on: date | None = None
    effective_to: date | None = None
    next_review_on: date | None = None

    def __post_init__(self) -> None:
        if self.review_interval_days <= 0:
            raise ValueError(f"evidence {self.id!r}: review_interval_days must be positive")
        if self.approved_on is not None and self.approved_on < self.collected_on:
            raise ValueError(f"evidence {self.id!r}: approved_on is before collected_on")

    @property
    def review_due_on(self) -> date:
        return review_due_date(
            self.collected_on,
            self.review_interval_days,
            self.approved_on,
            self.effective_to,
            self.next_review_on,
        )


def review_due_date(
    collected_on: date,
    review_interval_days: int,
    approved_on: date | None = None,
    effective_to: date | None = None,
    next_review_on: date | None = None,
) -> date:
    """DORA Art. 6(5); MiCA Art. 68(9): the day an item's review falls due."""
    if next_review_on is not None:
        return next_review_on
    start = max(collected_on, effective_to or collected_on, approved_on or collected_on)
    return start + timedelta(days=review_interval_days)


def state_on(
    review_due_on: date | None, today: date, window_days: int = DEFAULT_REVIEW_WINDOW_DAYS
) -> EvidenceState:
    """DORA Art. 6(5); MiCA Art. 68(9): the freshness of evidence whose review falls due on
    `review_due_on` (missing when there is none). A control's state is the state of its latest
    review date, as a later date never makes a state worse."""
    if window_days < 0:
        raise ValueError(f"window_days must not be negative, got {window_days}")
    if review_due_on is None:
        return EvidenceState.MISSING
    if today > review_due_on:
        return EvidenceState.STALE
    if (review_due_on - today).days <= window_days:
        return EvidenceState.DUE_SOON
    return EvidenceState.CURRENT


def evidence_state(
    item: EvidenceItem, today: date, window_days: int = DEFAULT_REVIEW_WINDOW_DAYS
) -> EvidenceState:
    """DORA Art. 6(5) (yearly review of documentation); MiCA Art. 68(9): freshness of an item."""
    return state_on(item.review_due_on, today, window_days)


def control_evidence_state(
    evidence_items: Iterable[EvidenceItem],
    today: date,
    window_days: int = DEFAULT_REVIEW_WINDOW_DAYS,
) -> EvidenceState:
    """DORA Art. 6(5); MiCA Art. 68(9): a control's evidence state, missing when it has none."""
    states = {evidence_state(item, today, window_days) for item in evidence_items}
    return next((state for state in _ORDER if state in states), EvidenceState.MISSING)


def evidence_states_by_control(
    control_ids: Iterable[str],
    evidence_items: Iterable[EvidenceItem],
    today: date,
    window_days: int = DEFAULT_REVIEW_WINDOW_DAYS,
) -> dict[str, EvidenceState]:
    """DORA Art. 6(5); MiCA Art. 68(9): the evidence state of each listed control."""
    grouped: dict[str, list[EvidenceItem]] = {control_id: [] for control_id in control_ids}
    for item in evidence_items:
        if item.control_id not in grouped:
            raise ValueError(f"evidence {item.id!r}: unknown control {item.control_id!r}")
        grouped[item.control_id].append(item)
    return {
        control_id: control_evidence_state(items, today, window_days)
        for control_id, items in grouped.items()
    }
