"""No N+1 where records are gathered for a person: what falls due (every app's due provider, read
for My work, alerts and the CLI) and the home page issue no statement once per record."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from midora.core.due_registry import providers

pytestmark = pytest.mark.django_db

# a statement of the same shape may run a few times (one per section or entity), not per record
MOST_REPEATS = 3


def repeated(queries: list[dict[str, str]]) -> dict[str, int]:
    """Statements, with their literals and numbers blanked, run more than MOST_REPEATS times."""
    shapes = Counter(re.sub(r"\d+", "N", re.sub(r"'[^']*'", "S", q["sql"])) for q in queries)
    return {shape[:200]: count for shape, count in shapes.items() if count > MOST_REPEATS}


def test_what_falls_due_is_read_in_a_few_statements(world):
    now, horizon = timezone.now(), dt.timedelta(days=400)
    found = {}
    for provider in providers():
        with CaptureQueriesContext(connection) as queries:
            items = list(provider.items(now, horizon))
        found[provider.name] = len(items)
        assert not repeated(queries.captured_queries), provider.name
    assert sum(found.values()) > 50, found  # the demo has much falling due within the horizon


@pytest.mark.parametrize("role", ["compliance_manager", "contributor", "board_member"])
def test_the_home_page_runs_no_statement_per_record(world, client_for, role):
    client = client_for(world.users[role])
    client.get("/")  # the first request of a process reads what it caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not repeated(queries.captured_queries)
