"""The crosswalk reads freshness from each item's stored review date: the date follows every
save, the page's queries do not grow with the evidence, and the per-control view comes in pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from midora.compliance.crosswalk import build_crosswalk, evidence_states, state_counts
from midora.compliance.engine.freshness import EvidenceState
from midora.compliance.models import Control, Evidence, EvidenceLink

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def _add_evidence(entity, controls, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        evidence = Evidence.objects.create(
            entity=entity,
            title=f"Record {n}",
            effective_from=TODAY - dt.timedelta(days=(n * 37) % 500),
            review_interval_days=365,
        )
        EvidenceLink.objects.create(evidence=evidence, control=controls[n % len(controls)])


def test_review_date_follows_every_save(entity):
    evidence = Evidence.objects.create(
        entity=entity, title="Policy", effective_from=dt.date(2026, 1, 1), review_interval_days=90
    )
    assert evidence.review_due_on == dt.date(2026, 4, 1)
    evidence.approved_on = dt.date(2026, 2, 1)
    evidence.save()
    assert Evidence.objects.get(pk=evidence.pk).review_due_on == dt.date(2026, 5, 2)
    evidence.next_review_on = dt.date(2026, 3, 15)
    evidence.save(update_fields=["next_review_on"])
    stored = Evidence.objects.get(pk=evidence.pk)
    assert stored.review_due_on == dt.date(2026, 3, 15) == stored.as_item().review_due_on
    # not part of the audit trail: it follows the audited dates
    from midora.core import audit

    assert "review_due_on" not in audit.snapshot(stored)


def test_states_counted_by_the_database_match_each_items_state(library, entity):
    controls = list(Control.objects.order_by("code")[:5])
    _add_evidence(entity, controls, 30)
    evidence = Evidence.objects.all()
    expected = {"current": 0, "due_soon": 0, "stale": 0}
    for item in evidence:
        expected[item.state(TODAY).value] += 1
    assert state_counts(evidence, TODAY) == expected
    assert evidence_states(evidence, TODAY) == {e.pk: e.state(TODAY) for e in evidence}
    assert set(expected.values()) != {0}


def test_control_state_is_its_freshest_items_state(library, entity):
    control = Control.objects.get(code="CTL-GOV-01")
    for days, interval in ((400, 365), (350, 365)):  # stale, then due for review soon
        evidence = Evidence.objects.create(
            entity=entity,
            title=f"Review {days}",
            effective_from=TODAY - dt.timedelta(days=days),
            review_interval_days=interval,
        )
        EvidenceLink.objects.create(evidence=evidence, control=control)
    row = next(
        c
        for c in build_crosswalk(Control.objects.all(), Evidence.objects.all(), TODAY).controls
        if c.code == "CTL-GOV-01"
    )
    assert (row.state, row.evidence) == (EvidenceState.DUE_SOON, 2)


def _page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/compliance/crosswalk/",
        "/compliance/crosswalk/?regime=DORA&view=controls",
        "/compliance/crosswalk/?export=xlsx",
    ],
)
def test_crosswalk_queries_do_not_grow_with_the_evidence(
    library, entity, admin_user, client_for, url
):
    client = client_for(admin_user)
    controls = list(Control.objects.order_by("code")[:40])
    _add_evidence(entity, controls, 3)
    client.get(url)  # the session's first request reads more (sign-in, second factor)
    few = _page_queries(client, url)
    _add_evidence(entity, controls, 80, start=3)
    assert _page_queries(client, url) == few


def test_per_control_view_comes_in_pages_keeping_the_filters(library, admin_user, client_for):
    client = client_for(admin_user)
    first = client.get("/compliance/crosswalk/?view=controls&area=ICT+risk").content.decode()
    rows = re.findall(r'<tr><td><a href="/compliance/controls/\d+/">', first)
    shown = Control.objects.filter(retired=False).count()
    assert len(rows) == min(40, shown)
    if shown > 40:
        assert "?view=controls&amp;area=ICT+risk&amp;page=2" in first
