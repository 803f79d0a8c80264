"""Cell value formats of the RoI xBRL-CSV tables (EBA DORA taxonomy 4.0 data types)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from midora.core.engine.sentences import Sentence, _

Value = str | int | Decimal | date | bool | None
Row = dict[str, Value]
Register = dict[str, list[Row]]
"""Template code -> rows; each row maps column code (``c0010``) to a typed value."""

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER = re.compile(r"^-?\d+$")
_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
_QNAME = re.compile(r"^[A-Za-z_][\w.]*:[\w.]+$")


class CellFormatError(ValueError):
    """A value cannot be written or read as its column's data type (a value read from a file:
    the reason is a `Sentence`)."""


def format_value(data_type: str, value: Value) -> str:
    """Python value -> CSV text for a column of ``data_type`` (``s e d m i t``)."""
    if value is None:
        return ""
    if data_type in ("s", "e"):
        if not isinstance(value, str):
            raise CellFormatError(f"expected text, got {type(value).__name__} {value!r}")
        return value
    if data_type == "d":
        if not isinstance(value, date):
            raise CellFormatError(f"expected a date, got {type(value).__name__} {value!r}")
        return value.isoformat()
    if data_type == "t":
        if not isinstance(value, bool):
            raise CellFormatError(f"expected true/false, got {type(value).__name__} {value!r}")
        return "true" if value else "false"
    if data_type == "i":
        if isinstance(value, bool) or not isinstance(value, int):
            raise CellFormatError(f"expected an integer, got {type(value).__name__} {value!r}")
        return str(value)
    if data_type == "m":
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise CellFormatError(f"expected a Decimal amount, got {type(value).__name__}")
        if isinstance(value, Decimal) and not value.is_finite():
            raise CellFormatError(f"amount {value} is not finite")
        return format(value, "f")
    raise CellFormatError(f"unknown data type {data_type!r}")


def parse_value(data_type: str, text: str) -> Value:
    """CSV text -> Python value; empty text is None. Raises CellFormatError with the reason."""
    if text == "":
        return None
    if data_type == "s":
        return text
    if data_type == "e":
        if not _QNAME.match(text):
            raise CellFormatError(
                Sentence(_("%(text)s is not a QName such as eba_GA:FR"), text=repr(text))
            )
        return text
    if data_type == "d":
        if not _DATE.match(text):
            raise CellFormatError(Sentence(_("%(text)s is not a date YYYY-MM-DD"), text=repr(text)))
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            raise CellFormatError(
                Sentence(
                    _("%(text)s is not a valid date (%(error)s)"), text=repr(text), error=str(exc)
                )
            ) from exc
    if data_type == "t":
        if text not in ("true", "false"):
            raise CellFormatError(Sentence(_("%(text)s is not true or false"), text=repr(text)))
        return text == "true"
    if data_type == "i":
        if not _INTEGER.match(text):
            raise CellFormatError(Sentence(_("%(text)s is not an integer"), text=repr(text)))
        return int(text)
    if data_type == "m":
        if not _DECIMAL.match(text):
            raise CellFormatError(
                Sentence(_("%(text)s is not a plain decimal amount"), text=repr(text))
            )
        try:
            return Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - regex already guards
            raise CellFormatError(
                Sentence(_("%(text)s is not a decimal amount"), text=repr(text))
            ) from exc
    raise CellFormatError(Sentence(_("unknown data type %(data_type)s"), data_type=repr(data_type)))


def is_empty(value: Any) -> bool:
    """XBRL ``empty()``: the fact is not reported."""
    return value is None or value == ""


def row_key(row: Mapping[str, Any], columns: tuple[str, ...]) -> tuple[str, ...]:
    """Sortable key of a row: its key columns written as text."""
    return tuple("" if row.get(c) is None else _key_text(row.get(c)) for c in columns)


def _key_text(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:020d}" if value >= 0 else str(value)
    return str(value)
