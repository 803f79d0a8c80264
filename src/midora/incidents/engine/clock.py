"""Reporting clock across incidents (Delegated Regulation (EU) 2025/301 Art 5(1)-(4))."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from midora.incidents.engine.deadlines import HolidayCalendar, StageDeadline

DUE_SOON = timedelta(hours=24)
# Engine deadline keys -> ITS 2025/302 field 1.1 submission types.
STAGE_OF_DEADLINE = {
    "initial": "initial_notification",
    "intermediate": "intermediate_report",
    "final": "final_report",
}


class AuthorityHolidays:
    """RTS-R Art 5(4): a Member State calendar adjusted by its competent authority."""

    def __init__(
        self, base: HolidayCalendar, added: Iterable[date] = (), removed: Iterable[date] = ()
    ) -> None:
        self.base = base
        self.added = frozenset(added)
        self.removed = frozenset(removed)

    def is_holiday(self, day: date) -> bool:
        if day in self.added:
            return True
        return day not in self.removed and self.base.is_holiday(day)


@dataclass(frozen=True)
class ClockEntry:
    """One report on the clock: its deadline, and whether it is sent, overdue, due soon or due."""

    stage: str
    deadline: StageDeadline
    sent_at: datetime | None
    state: str  # sent | sent_late | overdue | due_soon | due

    @property
    def open(self) -> bool:
        return self.state in ("overdue", "due_soon", "due")


def clock_state(
    due: datetime, sent_at: datetime | None, now: datetime, soon: timedelta = DUE_SOON
) -> str:
    """RTS-R Art 5(1): a report is due by its deadline; after it without submission, overdue."""
    if sent_at is not None:
        return "sent" if sent_at <= due else "sent_late"
    if now > due:
        return "overdue"
    return "due_soon" if due - now <= soon else "due"


def clock_entries(
    deadlines: Mapping[str, StageDeadline],
    first_sent: Mapping[str, datetime | None],
    now: datetime,
    soon: timedelta = DUE_SOON,
) -> list[ClockEntry]:
    """RTS-R Art 5(1)(a)-(c): each known deadline with the first submission of its stage."""
    out = []
    for key, deadline in deadlines.items():
        stage = STAGE_OF_DEADLINE[key]
        sent = first_sent.get(stage)
        out.append(ClockEntry(stage, deadline, sent, clock_state(deadline.due, sent, now, soon)))
    return out
