"""When a recurring review falls due next. Pure functions, no Django import."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when that month is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_due_after(previous_due: dt.date, completed_on: dt.date, interval_months: int) -> dt.date:
    """RTS 2024/1774 Art. 21(e) (periodic review of access rights): the next review date.

    The cycle keeps its rhythm from the previous due date; a review completed so late that the
    next date would already have passed restarts the cycle from the completion date.
    """
    if interval_months < 1:
        raise ValueError(f"interval_months must be at least 1, got {interval_months}")
    following = add_months(previous_due, interval_months)
    return following if following > completed_on else add_months(completed_on, interval_months)
