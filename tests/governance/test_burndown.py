from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from midora.governance.engine.burndown import (
    Action,
    SourceType,
    burndown,
    by_source,
    overdue_actions,
)

START = date(2025, 1, 6)  # a Monday


def _a(action_id, created, due, status="open", closed=None, source="risk", priority="high"):
    return Action(action_id, created, due, status, priority, source, closed)


ACTIONS = [
    _a("A1", date(2025, 1, 1), date(2025, 1, 31), "closed", date(2025, 1, 20), "test_finding"),
    _a("A2", date(2025, 1, 6), date(2025, 1, 10), "in_progress", source="assessment_gap"),
    _a("A3", date(2025, 1, 10), date(2025, 3, 1), "cancelled", date(2025, 1, 27)),
    _a("A4", date(2025, 1, 14), date(2025, 1, 14), source="contract_clause_gap", priority="low"),
    _a("A5", date(2025, 2, 1), date(2025, 2, 28), "closed", date(2025, 2, 3), "incident_lesson"),
]


def test_weekly_burndown_series():
    series = burndown(ACTIONS, START, date(2025, 2, 3))
    assert [(p.on, p.open, p.overdue) for p in series] == [
        (date(2025, 1, 6), 2, 0),  # A1, A2
        (date(2025, 1, 13), 3, 1),  # A1, A2 (overdue), A3
        (date(2025, 1, 20), 3, 2),  # A1 closed that day; A2, A3, A4 (A2, A4 overdue)
        (date(2025, 1, 27), 2, 2),  # A3 cancelled that day; A2, A4
        (date(2025, 2, 3), 2, 2),  # A5 opened and closed between points
    ]


def test_burndown_refuses_inverted_range():
    with pytest.raises(ValueError, match="before start"):
        burndown(ACTIONS, START, START - timedelta(days=1))


def test_overdue_flags():
    flagged = overdue_actions(ACTIONS, date(2025, 2, 1))
    assert [(o.action_id, o.days_overdue, o.priority.value) for o in flagged] == [
        ("A2", 22, "high"),
        ("A4", 18, "low"),
    ]
    assert overdue_actions(ACTIONS, date(2025, 1, 14)) == overdue_actions(
        ACTIONS[1:2], date(2025, 1, 14)
    )


def test_aggregation_per_source_covers_every_source():
    summary = by_source(ACTIONS, date(2025, 2, 1))
    assert set(summary) == set(SourceType)
    assert [
        (
            s.value,
            summary[s].total,
            summary[s].open,
            summary[s].closed,
            summary[s].cancelled,
            summary[s].overdue,
        )
        for s in SourceType
    ] == [
        ("assessment_gap", 1, 1, 0, 0, 1),
        ("contract_clause_gap", 1, 1, 0, 0, 1),
        ("test_finding", 1, 0, 1, 0, 0),
        ("incident_lesson", 1, 1, 0, 0, 0),
        ("risk", 1, 0, 0, 1, 0),
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"status": "closed"}, "needs closed_on"),
        ({"closed": date(2025, 1, 5)}, "an open action has closed_on"),
        ({"status": "closed", "closed": date(2024, 12, 1)}, "closed_on is before created_on"),
        ({"source": "audit"}, "source_type 'audit' is not one of"),
        ({"priority": "urgent"}, "priority 'urgent'"),
        ({"status": "done"}, "status 'done'"),
    ],
)
def test_invalid_actions_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        _a("X1", date(2025, 1, 1), date(2025, 1, 31), **kwargs)


def test_due_before_creation_is_refused():
    with pytest.raises(ValueError, match=r"X1.*due_on is before created_on"):
        _a("X1", date(2025, 1, 10), date(2025, 1, 9))


@st.composite
def actions(draw):
    created = START + timedelta(days=draw(st.integers(0, 120)))
    due = created + timedelta(days=draw(st.integers(0, 90)))
    closed = draw(st.none() | st.integers(0, 150).map(lambda d: created + timedelta(days=d)))
    status = "open" if closed is None else draw(st.sampled_from(["closed", "cancelled"]))
    source = draw(st.sampled_from(list(SourceType)))
    return _a(f"A{draw(st.integers(0, 10**6))}", created, due, status, closed, source)


@given(st.lists(actions(), max_size=30), st.integers(0, 200))
def test_burndown_never_negative_and_bounded(items, days):
    series = burndown(items, START, START + timedelta(days=days))
    assert len(series) == days // 7 + 1
    for point in series:
        created = sum(1 for a in items if a.created_on <= point.on)
        assert 0 <= point.overdue <= point.open <= created
    totals = by_source(items, START + timedelta(days=days))
    assert sum(s.total for s in totals.values()) == len(items)


def test_aggregation_is_as_of_the_day():
    before_close = by_source(ACTIONS, date(2025, 1, 19))[SourceType.TEST_FINDING]
    after_close = by_source(ACTIONS, date(2025, 1, 20))[SourceType.TEST_FINDING]
    assert (before_close.open, before_close.closed) == (1, 0)
    assert (after_close.open, after_close.closed) == (0, 1)
