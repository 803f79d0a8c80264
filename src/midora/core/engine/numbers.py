"""Numbers as a reader sees them: percentages with one decimal, thousand separators, amounts
with their ISO 4217 currency code, never more than two decimals. Pure: used by the engines'
explanations as well as by pages, board packs and exports (through midora.core.formatting)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

DEFAULT_CURRENCY = "EUR"
MISSING = "—"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def number(value: Any, decimals: int | None = None) -> str:
    """A count or measure: thousand separators; at most two decimals (trailing zeros dropped)
    unless `decimals` fixes them."""
    if value is None or value == "":
        return MISSING
    if not _is_number(value):
        return str(value)
    if decimals is not None:
        return f"{value:,.{decimals}f}"
    if isinstance(value, int) or value == int(value):
        return f"{int(value):,}"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def percent(value: Any, decimals: int = 1) -> str:
    """A percentage (already in percent, 0-100) with one decimal: 54.4%."""
    if value is None or value == "":
        return MISSING
    if not _is_number(value):
        return str(value)
    return f"{value:,.{decimals}f}%"


def ratio_percent(part: int | float, whole: int | float) -> str:
    """part of whole as a percentage, or the dash when there is no whole."""
    return percent(100 * part / whole) if whole else MISSING


def money(value: Any, currency: str | None = DEFAULT_CURRENCY) -> str:
    """An amount with its ISO 4217 code: EUR 1,125,000 (cents only when there are any)."""
    if value is None or value == "":
        return MISSING
    if not _is_number(value):
        return str(value)
    amount = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    return f"{currency} {amount}" if currency else amount
