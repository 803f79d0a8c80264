"""Typed, path-aware reading of plain mappings for incident input (DORA Art. 17(3) intake rules)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from midora.incidents.engine.errors import InvalidIncidentInput

_DURATION = re.compile(r"^P(?:(?P<d>\d+)D)?(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?)?$")


class Reader:
    """Reads one mapping; every refusal names the full path of the offending field."""

    def __init__(self, data: Any, path: str, allowed: Iterable[str]) -> None:
        if not isinstance(data, Mapping):
            raise InvalidIncidentInput(path, f"expected a mapping, got {type(data).__name__}")
        unknown = sorted(str(k) for k in data if k not in set(allowed))
        if unknown:
            raise InvalidIncidentInput(f"{path}.{unknown[0]}", "unknown key")
        self.data = data
        self.path = path

    def at(self, key: str) -> str:
        """Path of a child field."""
        return f"{self.path}.{key}"

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def raw(self, key: str) -> Any:
        return self.data.get(key)

    def require(self, key: str) -> Any:
        if self.data.get(key) is None:
            raise InvalidIncidentInput(self.at(key), "required field is missing")
        return self.data[key]

    def boolean(self, key: str, default: bool | None = None) -> bool | None:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise InvalidIncidentInput(self.at(key), f"expected true or false, got {value!r}")
        return value

    def text(self, key: str, default: str | None = None) -> str | None:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            raise InvalidIncidentInput(self.at(key), f"expected text, got {type(value).__name__}")
        return value

    def count(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidIncidentInput(self.at(key), f"expected a whole number, got {value!r}")
        if value < 0:
            raise InvalidIncidentInput(self.at(key), f"must not be negative, got {value}")
        return value

    def percentage(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidIncidentInput(self.at(key), f"expected a percentage, got {value!r}")
        if value < 0 or value > 100:
            raise InvalidIncidentInput(self.at(key), f"share must lie in 0..100 %, got {value}")
        return float(value)

    def amount(self, key: str) -> Decimal | None:
        return amount_value(self.data.get(key), self.at(key))

    def moment(self, key: str) -> datetime | None:
        return moment_value(self.data.get(key), self.at(key))

    def duration(self, key: str) -> timedelta | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not (match := _DURATION.match(value)) or value == "P":
            raise InvalidIncidentInput(
                self.at(key), f"expected an ISO 8601 duration such as PT2H30M, got {value!r}"
            )
        parts = {k: int(v) for k, v in match.groupdict(default="0").items()}
        return timedelta(days=parts["d"], hours=parts["h"], minutes=parts["m"], seconds=parts["s"])

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidIncidentInput(self.at(key), "expected a list of texts")
        return tuple(value)


def amount_value(value: Any, path: str) -> Decimal | None:
    """A non-negative monetary amount."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidIncidentInput(path, f"expected an amount, got {value!r}")
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        raise InvalidIncidentInput(path, f"expected an amount, got {value!r}") from None
    if not result.is_finite() or result < 0:
        raise InvalidIncidentInput(path, f"amount must be a non-negative number, got {value!r}")
    return result


def moment_value(value: Any, path: str) -> datetime | None:
    """An ISO 8601 date-time with an explicit UTC offset."""
    if value is None:
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise InvalidIncidentInput(path, f"not an ISO 8601 date-time: {value!r}") from None
    else:
        raise InvalidIncidentInput(path, f"expected an ISO 8601 date-time, got {value!r}")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise InvalidIncidentInput(path, "date-time must carry a UTC offset (e.g. +01:00 or Z)")
    return parsed


def date_value(value: Any, path: str) -> date:
    """An ISO 8601 calendar date."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidIncidentInput(path, f"expected a date YYYY-MM-DD, got {value!r}")


def check_order(earlier: datetime | None, later: datetime | None, path: str, what: str) -> None:
    """Refuse a timeline where `later` precedes `earlier`."""
    if earlier is not None and later is not None and later < earlier:
        raise InvalidIncidentInput(path, what)
