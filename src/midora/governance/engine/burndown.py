"""Remediation actions: open-actions burn-down, overdue flags and totals per source.

An action is open on a day when it was created on or before that day and not closed (or
cancelled) by then; it is overdue on a day when it is open and its due date is before that day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Priority(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class SourceType(StrEnum):
    ASSESSMENT_GAP = "assessment_gap"
    CONTRACT_CLAUSE_GAP = "contract_clause_gap"
    TEST_FINDING = "test_finding"
    INCIDENT_LESSON = "incident_lesson"
    RISK = "risk"


_FINISHED = frozenset({ActionStatus.CLOSED, ActionStatus.CANCELLED})


@dataclass(frozen=True)
class Action:
    id: str
    created_on: date
    due_on: date
    status: ActionStatus
    priority: Priority
    source_type: SourceType
    closed_on: date | None = None  # closing or cancellation date

    def __post_init__(self) -> None:
        for name, kind in (
            ("status", ActionStatus),
            ("priority", Priority),
            ("source_type", SourceType),
        ):
            try:
                object.__setattr__(self, name, kind(getattr(self, name)))
            except ValueError:
                raise ValueError(
                    f"action {self.id!r}: {name} {getattr(self, name)!r} is not one of "
                    f"{', '.join(kind)}"
                ) from None
        if self.due_on < self.created_on:
            raise ValueError(f"action {self.id!r}: due_on is before created_on")
        if self.status in _FINISHED and self.closed_on is None:
            raise ValueError(f"action {self.id!r}: a {self.status.value} action needs closed_on")
        if self.status not in _FINISHED and self.closed_on is not None:
            raise ValueError(f"action {self.id!r}: an {self.status.value} action has closed_on")
        if self.closed_on is not None and self.closed_on < self.created_on:
            raise ValueError(f"action {self.id!r}: closed_on is before created_on")

    def is_open_on(self, day: date) -> bool:
        """DORA Art. 6(7): whether the action is still open on a day."""
        return self.created_on <= day and (self.closed_on is None or self.closed_on > day)

    def finished_by(self, day: date, status: ActionStatus) -> bool:
        """DORA Art. 6(7): whether the action ended with this status on or before a day."""
        return self.status is status and self.closed_on is not None and self.closed_on <= day

    def is_overdue_on(self, day: date) -> bool:
        """DORA Art. 6(7): whether the action is open past its due date on a day."""
        return self.is_open_on(day) and self.due_on < day


@dataclass(frozen=True)
class BurndownPoint:
    on: date
    open: int
    overdue: int


@dataclass(frozen=True)
class OverdueAction:
    action_id: str
    due_on: date
    days_overdue: int
    priority: Priority
    source_type: SourceType


@dataclass(frozen=True)
class SourceSummary:
    source_type: SourceType
    total: int
    open: int
    closed: int
    cancelled: int
    overdue: int


def burndown(actions: Iterable[Action], start: date, end: date) -> list[BurndownPoint]:
    """DORA Art. 6(7), Art. 24(5): weekly count of open and overdue remediation actions."""
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    items = list(actions)
    points = []
    day = start
    while day <= end:
        points.append(
            BurndownPoint(
                day,
                sum(1 for a in items if a.is_open_on(day)),
                sum(1 for a in items if a.is_overdue_on(day)),
            )
        )
        day += timedelta(weeks=1)
    return points


def overdue_actions(actions: Iterable[Action], today: date) -> list[OverdueAction]:
    """DORA Art. 6(7), Art. 24(5): actions open past their due date, most overdue first."""
    flagged = [
        OverdueAction(a.id, a.due_on, (today - a.due_on).days, a.priority, a.source_type)
        for a in actions
        if a.is_overdue_on(today)
    ]
    return sorted(flagged, key=lambda o: (-o.days_overdue, o.action_id))


def by_source(actions: Iterable[Action], today: date) -> dict[SourceType, SourceSummary]:
    """DORA Art. 6(7), Art. 13(2), Art. 24(5): action totals per source as of a day."""
    items = list(actions)
    summary = {}
    for source in SourceType:
        group = [a for a in items if a.source_type is source]
        summary[source] = SourceSummary(
            source,
            total=len(group),
            open=sum(1 for a in group if a.is_open_on(today)),
            closed=sum(1 for a in group if a.finished_by(today, ActionStatus.CLOSED)),
            cancelled=sum(1 for a in group if a.finished_by(today, ActionStatus.CANCELLED)),
            overdue=sum(1 for a in group if a.is_overdue_on(today)),
        )
    return summary
