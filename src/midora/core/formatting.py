"""How numbers, amounts and dates read on every page, dashboard, board pack and export.

One place decides: percentages carry one decimal, counts and amounts thousand separators, amounts
their currency code, dates ISO 8601 (2026-11-30) and times to the minute with their zone. No raw
float reaches a reader.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from midora.core.engine.numbers import (
    DEFAULT_CURRENCY,
    MISSING,
    _is_number,
    money,
    number,
    percent,
    ratio_percent,
)

__all__ = [
    "DEFAULT_CURRENCY",
    "MISSING",
    "day",
    "display",
    "figure",
    "moment",
    "money",
    "number",
    "percent",
    "ratio_percent",
]


def day(value: Any) -> str:
    """A date as ISO 8601: 2026-11-30."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def moment(value: Any) -> str:
    """A point in time to the minute in the installation's zone: 2026-11-30 16:08 CET."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
            return value.strftime("%Y-%m-%d %H:%M %Z").strip()
        return value.strftime("%Y-%m-%d %H:%M")
    return day(value)


def display(value: Any) -> str:
    """Any value as a reader sees it: numbers, dates and times by the rules above."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if _is_number(value):
        return number(value)
    if isinstance(value, dt.datetime):
        return moment(value)
    if isinstance(value, dt.date):
        return day(value)
    return str(value)


def figure(value: Any, label: str = "") -> str:
    """A dashboard or board-pack figure: a percentage when its label says (%), else a number."""
    if "(%" in label:
        return percent(value)
    return display(value)
