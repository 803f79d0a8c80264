"""Service downtime from the service timestamps (Delegated Regulation (EU) 2024/1772 Art 3(2))."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from midora.core.engine.sentences import Sentence, _
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
    explanation: str  # a Sentence (midora.core.engine.sentences)


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
    start, start_what = t.unavailable_from, Sentence(_("service unavailable from"))
    if start is None and t.detected_at is not None:
        start, start_what = t.detected_at, Sentence(_("start unknown, counted from detection"))
    backlog = t.backlog_cleared_at is not None and (
        t.restored_at is None or t.backlog_cleared_at > t.restored_at
    )
    if backlog:
        begin = t.occurred_at or start
        begin_what = Sentence(_("incident occurred")) if t.occurred_at is not None else start_what
        if begin is None:
            return Downtime(None, None, t.backlog_cleared_at, _unknown_start(t.backlog_cleared_at))
        span = t.backlog_cleared_at - begin  # type: ignore[operator]
        values = {
            "span": span_text(span),
            "cleared": _at(t.backlog_cleared_at),  # type: ignore[arg-type]
            "begin_what": begin_what,
            "begin": _at(begin),
            "rule": RULE,
        }
        if t.restored_at:
            why = Sentence(
                _(
                    "%(span)s: service restored %(restored)s, backlog cleared %(cleared)s minus "
                    "%(begin_what)s %(begin)s; the delay after restoration counts, measured from "
                    "the start of the incident (%(rule)s)."
                ),
                restored=_at(t.restored_at),
                **values,
            )
        else:
            why = Sentence(
                _(
                    "%(span)s: backlog cleared %(cleared)s minus %(begin_what)s %(begin)s; the "
                    "delay after restoration counts, measured from the start of the incident "
                    "(%(rule)s)."
                ),
                **values,
            )
        return Downtime(span, begin, t.backlog_cleared_at, why)
    if t.restored_at is None:
        return Downtime(
            None,
            start,
            None,
            Sentence(_("Service not yet restored: downtime still running (%(rule)s)."), rule=RULE),
        )
    if start is None:
        return Downtime(None, None, t.restored_at, _unknown_start(t.restored_at))
    span = t.restored_at - start
    return Downtime(
        span,
        start,
        t.restored_at,
        Sentence(
            _("%(span)s: service restored %(restored)s minus %(start_what)s %(start)s (%(rule)s)."),
            span=span_text(span),
            restored=_at(t.restored_at),
            start_what=start_what,
            start=_at(start),
            rule=RULE,
        ),
    )


def _unknown_start(end: datetime | None) -> Sentence:
    return Sentence(
        _(
            "Start of the downtime unknown (no service_unavailable_from and no detection time): "
            "downtime not computed (%(rule)s)."
        ),
        rule=RULE,
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
