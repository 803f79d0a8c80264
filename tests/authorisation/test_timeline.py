"""MiCA Art. 63 timeline in the authority's working days (pure engine)."""

from __future__ import annotations

import datetime as dt

from midora.authorisation.engine.timeline import Request, application_timeline, working_days_left
from midora.core.engine.calendars import AuthorityCalendar

LI = AuthorityCalendar.of("LI")
D = dt.date


def test_receipt_acknowledgement_and_completeness_skip_liechtenstein_holidays():
    t = application_timeline(LI, D(2026, 12, 21), None, [], None, D(2026, 12, 22))
    # 22, 23 Dec work; 24-26 Dec holidays; 28, 29, 30 Dec work
    assert t.milestone("acknowledged").due_on == D(2026, 12, 30)
    # then 31 Dec (bank holiday), 1 Jan and 6 Jan (holidays) do not count either
    assert t.milestone("completeness").due_on == D(2027, 2, 1)


def test_a_request_by_day_20_suspends_at_most_20_days_a_later_one_not():
    complete = D(2027, 3, 1)  # Monday
    early = Request("R1", D(2027, 3, 8), D(2027, 3, 22), D(2027, 3, 15), during_assessment=True)
    late = Request("R2", LI.add_working_days(complete, 25), None, None, during_assessment=True)
    t = application_timeline(LI, D(2027, 2, 1), complete, [early, late], None, D(2027, 6, 1))
    first, second = t.suspensions
    assert first.suspends and first.days == 5
    assert not second.suspends and second.days == 0
    assert t.milestone("decision").due_on == LI.add_working_days(complete, 45)

    unanswered = Request("R3", D(2027, 3, 8), None, None, during_assessment=True)
    t = application_timeline(LI, D(2027, 2, 1), complete, [unanswered], None, D(2027, 9, 1))
    assert t.suspensions[0].days == 20  # capped


def test_working_days_left_counts_down_and_goes_negative():
    assert working_days_left(LI, D(2026, 12, 23), D(2026, 12, 28)) == 1
    assert working_days_left(LI, D(2026, 12, 29), D(2026, 12, 28)) == -1
