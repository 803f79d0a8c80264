"""Working-day calendars of competent authorities (pure: no Django import).

A calendar is the country's public holidays plus its bank-holiday category as the `holidays`
library defines it, adjusted by the authority's own overrides. The incident reporting clock
(Delegated Regulation (EU) 2025/301 Art. 5(4)) and the authorisation timeline (MiCA Art. 63,
working days) both read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

import holidays

WANTED_CATEGORIES = ("public", "bank")


def holiday_categories(country: str) -> tuple[str, ...]:
    """The categories a calendar uses: public holidays, plus bank holidays where the library has them."""
    supported = holidays.country_holidays(country).supported_categories
    return tuple(c for c in WANTED_CATEGORIES if c in supported)


@cache
def _holidays_of(country: str, year: int) -> dict[date, str]:
    table = holidays.country_holidays(
        country, years=year, categories=holiday_categories(country), language="en_US"
    )
    return dict(table.items())


@dataclass(frozen=True)
class AuthorityCalendar:
    """MiCA Art. 63 / RTS 2025/301 Art. 5(4): the days an authority's country does not work."""

    country: str
    added: frozenset[date] = field(default_factory=frozenset)
    removed: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def of(
        cls, country: str, added: Iterable[date] = (), removed: Iterable[date] = ()
    ) -> AuthorityCalendar:
        return cls(country.upper(), frozenset(added), frozenset(removed))

    def holiday_name(self, day: date) -> str | None:
        if day in self.added:
            return "authority holiday"
        if day in self.removed:
            return None
        return _holidays_of(self.country, day.year).get(day)

    def is_holiday(self, day: date) -> bool:
        return self.holiday_name(day) is not None

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day)

    def holidays_in(self, year: int) -> list[tuple[date, str]]:
        days = {d: n for d, n in _holidays_of(self.country, year).items() if d not in self.removed}
        days.update({d: "authority holiday" for d in self.added if d.year == year})
        return sorted(days.items())

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (the day of receipt itself not counted)."""
        current, left = start, days
        while left > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                left -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count
