"""Lead times of alerts: parsing their configuration and finding the one an item has reached.

Pure functions, no Django import.
"""

from __future__ import annotations

import datetime as dt
import re

UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
AT_ONCE = "now"
OVERDUE = "overdue"


class LeadError(ValueError):
    """A lead-time setting that cannot be read."""


def parse_duration(raw: str) -> dt.timedelta:
    """`30m`, `4h`, `14d` or `2w` as a duration."""
    match = re.fullmatch(r"\s*(\d+)\s*([mhdw])\s*", raw)
    if not match:
        raise LeadError(f"lead time {raw!r} must be a number and a unit: m, h, d or w (e.g. 4h)")
    return dt.timedelta(**{UNITS[match.group(2)]: int(match.group(1))})


def parse_leads(raw: str) -> dict[str, tuple[dt.timedelta, ...]]:
    """`incident.report_due=24h,4h;evidence.review_due=30d` as lead times per event type."""
    out: dict[str, tuple[dt.timedelta, ...]] = {}
    for part in filter(None, (p.strip() for p in raw.split(";"))):
        event, sep, values = part.partition("=")
        if not sep or not event.strip():
            raise LeadError(f"{part!r} must read EVENT=LEAD,LEAD (e.g. incident.report_due=4h,1h)")
        out[event.strip()] = tuple(parse_duration(v) for v in values.split(",") if v.strip())
    return out


def lead_label(lead: dt.timedelta) -> str:
    seconds = int(lead.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600)):
        if seconds % size == 0 and seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds // 60}m"


def reached_lead(
    due_at: dt.datetime | None,
    now: dt.datetime,
    leads: tuple[dt.timedelta, ...],
    *,
    overdue: bool = True,
    at_once: bool = False,
) -> str | None:
    """The alert an item has reached now: "now" (at once), "overdue", the nearest lead, or none.

    Only the nearest lead reached counts, so a worker that was stopped for a while sends one
    alert, not every lead it missed; each label is sent once per item and recipient.
    """
    if at_once:
        return AT_ONCE
    if due_at is None:
        return None
    if now > due_at:
        return OVERDUE if overdue else None
    reached = [lead for lead in leads if now >= due_at - lead]
    return lead_label(min(reached)) if reached else None
