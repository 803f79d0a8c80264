"""No N+1 where records are gathered for a person: what falls due (every app's due provider, read
for My work, alerts and the CLI) and the home page of each role issue no statement once per
record (the pages crawled in test_readable.py are held to the same)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from midora.core.due_registry import providers
from tests.generic.queries import repeated

pytestmark = pytest.mark.django_db


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
