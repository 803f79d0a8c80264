"""How numbers, amounts and dates read on every page, dashboard, board pack and export.

One place decides: percentages carry one decimal, counts and amounts thousand separators, amounts
their currency code, dates ISO 8601 (2026-11-30) and times to the minute with their zone. No raw
float reaches a reader.

Numbers follow the active language: English 1,234.5 and 54.4% and EUR 1,125,000; German
1.234,5 and 54,4 % and 1.125.000 EUR; French 1 234,5 and 54,4 % and 1 125 000 EUR (the separators
Django's own locale formats use, no-break spaces so a figure never wraps). Dates stay ISO 8601 in
every language: unambiguous in a regulatory record read across borders (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from midora.core.engine import numbers as english
from midora.core.engine.numbers import DEFAULT_CURRENCY, MISSING, _is_number

# Languages whose amounts put the currency code after the figure and whose percent sign follows
# a no-break space (German DIN 5008, French typography).
_CODE_AFTER = {"de", "fr"}
_PERCENT_SPACE = {"de": "\u00a0", "fr": "\u202f"}

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


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def _separators(text: str) -> str:
    """An English-formatted figure with the active language's decimal and thousand separators."""
    language = get_language() or "en"
    if language.startswith("en"):
        return text
    decimal = str(formats.get_format("DECIMAL_SEPARATOR", language))
    thousands = str(formats.get_format("THOUSAND_SEPARATOR", language))
    return text.translate(str.maketrans({",": thousands, ".": decimal}))


def number(value: Any, decimals: int | None = None) -> str:
    """A count or measure: thousand separators; at most two decimals (trailing zeros dropped)
    unless `decimals` fixes them."""
    text = english.number(value, decimals)
    return _separators(text) if _is_number(value) else text


def percent(value: Any, decimals: int = 1) -> str:
    """A percentage (already in percent, 0-100) with one decimal: 54.4% (54,4 % in German)."""
    text = english.percent(value, decimals)
    if not _is_number(value):
        return text
    space = _PERCENT_SPACE.get(_language())
    return _separators(text[:-1]) + space + "%" if space else _separators(text)


def ratio_percent(part: int | float, whole: int | float) -> str:
    """part of whole as a percentage, or the dash when there is no whole."""
    return percent(100 * part / whole) if whole else MISSING


def money(value: Any, currency: str | None = DEFAULT_CURRENCY) -> str:
    """An amount with its ISO 4217 code: EUR 1,125,000 (1.125.000 EUR in German)."""
    if not _is_number(value):
        return english.money(value, currency)
    amount = _separators(english.money(value, None))
    if not currency:
        return amount
    return f"{amount}\u00a0{currency}" if _language() in _CODE_AFTER else f"{currency} {amount}"


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
        return _("Yes") if value else _("No")
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
