"""The Register of Information's reference dates (DORA Art. 28(3)): from the 2026 collection on,
competent authorities collect the register as at 31 December of the previous year (the first
collection was as at 31 March 2025). Pure functions."""

from __future__ import annotations

import datetime as dt


def last_reference_date(today: dt.date) -> dt.date:
    """The reference date of the latest annual collection: 31 December of the previous year
    (what the register page, exports and checks use by default)."""
    return dt.date(today.year - 1, 12, 31)


def next_reference_date(today: dt.date) -> dt.date:
    """The reference date coming up: 31 December of this year (31 December itself included)."""
    return dt.date(today.year, 12, 31)
