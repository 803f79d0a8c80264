"""Service downtime from the service timestamps (Delegated Regulation (EU) 2024/1772 Art 3(2))."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from midora.incidents.engine.errors import InvalidIncidentInput

RULE = "RTS-C Art 3(2)"


@dataclass(frozen=True, slots=True)
class DowntimeInput:
    """The moments a desk holds about a service disruption."""

    unavailable_from: datetime | None
    restored_at: datetime | None
    backlog_cleared_at: datetime | None
    occurred_at: datetime | None = None
    detected_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Downtime:
    """The downtime that counts, the interval it spans and the arithmetic in words."""

    downtime: timedelta | None
    start: datetime | None
    end: datetime | None
    explanation: str


def _at(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def span_text(span: timedelta) -> str:
    """A duration as hours and minutes (e.g. '3 h 40 min')."""
    minutes = int(span.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min"


def service_downtime(t: DowntimeInput, where: str | None = None) -> Downtime:
    """RTS-C Art 3(2): from unavailability to restoration; with a backlog, from the start of the
    incident until the delayed service is fully provided; start unknown: from detection.
    """
    if where is not None:
        _check(t, where)
    start, start_what = t.unavailable_from, "service unavailable from"
    if start is None and t.detected_at is not None:
        start, start_what = t.detected_at, "start unknown, counted from detection"
    backlog = t.backlog_cleared_at is not None and (
        t.restored_at is None or t.backlog_cleared_at > t.restored_at
    )
    if backlog:
        begin = t.occurred_at or start
        begin_what = "incident occurred" if t.occurred_at is not None else start_what
        if begin is None:
            return Downtime(None, None, t.backlog_cleared_at, _unknown_start(t.backlog_cleared_at))
        span = t.backlog_cleared_at - begin  # type: ignore[operator]
        restored = f"service restored {_at(t.restored_at)}, " if t.restored_at else ""
        return Downtime(
            span,
            begin,
            t.backlog_cleared_at,
            f"{span_text(span)}: {restored}backlog cleared {_at(t.backlog_cleared_at)} "  # type: ignore[arg-type]
            f"minus {begin_what} {_at(begin)}; the delay after restoration counts, measured "
            f"from the start of the incident ({RULE}).",
        )
    if t.restored_at is None:
        return Downtime(
            None,
            start,
            None,
            f"Service not yet restored: downtime still running ({RULE}).",
        )
    if start is None:
        return Downtime(None, None, t.restored_at, _unknown_start(t.restored_at))
    span = t.restored_at - start
    return Downtime(
        span,
        start,
        t.restored_at,
        f"{span_text(span)}: service restored {_at(t.restored_at)} minus {start_what} "
        f"{_at(start)} ({RULE}).",
    )


def _unknown_start(end: datetime | None) -> str:
    return (
        f"Start of the downtime unknown (no service_unavailable_from and no detection time): "
        f"downtime not computed ({RULE})."
    )


def _check(t: DowntimeInput, where: str) -> None:
    if t.unavailable_from and t.restored_at and t.restored_at < t.unavailable_from:
        raise InvalidIncidentInput(
            f"{where}.service_restored_at", "service restored before it became unavailable"
        )
    if t.unavailable_from and t.backlog_cleared_at and t.backlog_cleared_at < t.unavailable_from:
        raise InvalidIncidentInput(
            f"{where}.backlog_cleared_at", "backlog cleared before the service became unavailable"
        )
    if t.restored_at and t.backlog_cleared_at and t.backlog_cleared_at < t.restored_at:
        raise InvalidIncidentInput(
            f"{where}.backlog_cleared_at", "backlog cleared before the service was restored"
        )
    if t.occurred_at and t.unavailable_from and t.unavailable_from < t.occurred_at:
        raise InvalidIncidentInput(
            f"{where}.service_unavailable_from", "service unavailable before the incident occurred"
        )
