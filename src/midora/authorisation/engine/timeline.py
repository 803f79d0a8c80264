"""The competent authority's rounds on an application, in its working days (MiCA Art. 63)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

ACKNOWLEDGE_DAYS = 5  # Art. 63(1)
COMPLETENESS_DAYS = 25  # Art. 63(2)
DECISION_DAYS = 40  # Art. 63(9)
LAST_SUSPENDING_REQUEST_DAY = 20  # Art. 63(12)
MAX_SUSPENSION_DAYS = 20  # Art. 63(12)
NOTIFY_DAYS = 5  # Art. 63(9), second subparagraph

Translate = Callable[[str], str]


def english(text: str) -> str:
    """The default translation: the English text itself (pages pass Django's gettext)."""
    return text


class WorkingDays(Protocol):
    def add_working_days(self, start: date, days: int) -> date: ...

    def working_days_between(self, start: date, end: date) -> int: ...


@dataclass(frozen=True)
class Request:
    """A request of the authority: during the completeness check or the assessment."""

    reference: str
    sent_on: date
    due_on: date | None
    answered_on: date | None
    during_assessment: bool


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str
    rule: str
    due_on: date | None
    done_on: date | None = None


@dataclass(frozen=True)
class Suspension:
    reference: str
    start: date
    days: int  # working days the assessment period is suspended
    suspends: bool
    why: str


@dataclass(frozen=True)
class Timeline:
    milestones: tuple[Milestone, ...]
    suspensions: tuple[Suspension, ...]

    def milestone(self, key: str) -> Milestone:
        return next(m for m in self.milestones if m.key == key)


def suspension_of(
    request: Request,
    assessment_start: date,
    calendar: WorkingDays,
    today: date,
    _: Translate = english,
) -> Suspension:
    """MiCA Art. 63(12): a request made by the 20th working day suspends the 40-day period from
    the request until the answer, for at most 20 working days; later requests do not suspend."""
    day = calendar.working_days_between(assessment_start, request.sent_on)
    if day > LAST_SUSPENDING_REQUEST_DAY:
        return Suspension(
            request.reference,
            request.sent_on,
            0,
            False,
            _("sent on working day %(day)d (> 20)") % {"day": day},
        )
    end = request.answered_on or today
    days = min(calendar.working_days_between(request.sent_on, end), MAX_SUSPENSION_DAYS)
    return Suspension(
        request.reference,
        request.sent_on,
        days,
        True,
        (
            _("%(days)d working days, at most 20")
            if request.answered_on
            else _("%(days)d working days so far (not answered), at most 20")
        )
        % {"days": days},
    )


def application_timeline(
    calendar: WorkingDays,
    received_on: date | None,
    complete_on: date | None,
    requests: Sequence[Request],
    decided_on: date | None,
    today: date,
    acknowledged_on: date | None = None,
    _: Translate = english,
) -> Timeline:
    """MiCA Art. 63(1)-(12): acknowledgement, completeness check, assessment and decision dates."""
    milestones: list[Milestone] = [
        Milestone(
            "submitted",
            _("Application received"),
            _("MiCA Art. 62(1)"),
            received_on,
            received_on,
        )
    ]
    if received_on is None:
        return Timeline(tuple(milestones), ())
    milestones.append(
        Milestone(
            "acknowledged",
            _("Acknowledgement of receipt"),
            _("MiCA Art. 63(1): within 5 working days"),
            calendar.add_working_days(received_on, ACKNOWLEDGE_DAYS),
            acknowledged_on,
        )
    )
    milestones.append(
        Milestone(
            "completeness",
            _("Completeness check"),
            _("MiCA Art. 63(2): within 25 working days of receipt"),
            calendar.add_working_days(received_on, COMPLETENESS_DAYS),
            complete_on,
        )
    )
    suspensions: tuple[Suspension, ...] = ()
    if complete_on is not None:
        assessing = [r for r in requests if r.during_assessment]
        suspensions = tuple(suspension_of(r, complete_on, calendar, today, _) for r in assessing)
        suspended = sum(s.days for s in suspensions)
        milestones.append(
            Milestone(
                "last_request",
                _("Last day for a suspending request"),
                _("MiCA Art. 63(12): no later than the 20th working day"),
                calendar.add_working_days(complete_on, LAST_SUSPENDING_REQUEST_DAY),
            )
        )
        decision_due = calendar.add_working_days(complete_on, DECISION_DAYS + suspended)
        milestones.append(
            Milestone(
                "decision",
                _("Decision"),
                _(
                    "MiCA Art. 63(9): 40 working days from the complete application + %(days)d suspended"
                )
                % {"days": suspended},
                decision_due,
                decided_on,
            )
        )
        milestones.append(
            Milestone(
                "notified",
                _("Decision notified to the applicant"),
                _("MiCA Art. 63(9): within 5 working days of the decision"),
                calendar.add_working_days(decided_on or decision_due, NOTIFY_DAYS),
            )
        )
    return Timeline(tuple(milestones), suspensions)


def working_days_left(calendar: WorkingDays, today: date, due_on: date) -> int:
    """Working days from today to a due date (negative when overdue)."""
    if due_on >= today:
        return calendar.working_days_between(today, due_on)
    return -calendar.working_days_between(due_on, today)
