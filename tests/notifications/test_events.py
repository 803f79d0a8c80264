"""Every event the operating rhythm promises exists, and the RoI reference date alert follows the
date the register's export uses."""

from __future__ import annotations

import datetime as dt

import pytest

from midora.core.choices import Role
from midora.core.due_registry import event_types
from midora.notifications.checks import run_checks
from midora.notifications.models import Alert
from midora.suppliers.roi.dates import last_reference_date, next_reference_date
from tests.factories import make_entity, make_user

PROMISED = {
    "incident.report_due",  # initial, intermediate, final report due within lead times; overdue
    "incident.major",  # classified as major: at once, with its deadline
    "incident.reclassified",
    "evidence.review_due",
    "evidence.stale",
    "risk.acceptance_expiring",
    "action.overdue",
    "resilience.test_due",
    "review.due",
    "authorisation.request_due",  # an authority's request for information (MiCA dossier)
    "authorisation.item_assigned",
    "roi.reference_date",
}


@pytest.mark.django_db
def test_every_promised_event_is_raised_by_a_provider() -> None:
    events = event_types()
    assert set(events) >= PROMISED
    assert events["incident.major"].at_once and events["incident.reclassified"].at_once
    assert events["incident.report_due"].overdue and events["action.overdue"].overdue
    assert events["authorisation.item_assigned"].owners_only


def test_reference_dates_of_the_register() -> None:
    assert last_reference_date(dt.date(2026, 11, 30)) == dt.date(2025, 12, 31)
    assert next_reference_date(dt.date(2026, 11, 30)) == dt.date(2026, 12, 31)
    assert next_reference_date(dt.date(2026, 12, 31)) == dt.date(2026, 12, 31)
    assert last_reference_date(dt.date(2027, 1, 1)) == next_reference_date(dt.date(2026, 12, 31))


@pytest.mark.django_db
def test_roi_reference_date_alert_reaches_the_entity_in_scope_once() -> None:
    alpha = make_entity("Alpha CASP SAS")
    outside = make_entity("Gamma Holding SA", "LU", dora_in_scope=False)
    cm = make_user("alpha_cm", Role.COMPLIANCE_MANAGER, [alpha, outside])
    early = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    assert run_checks(early).alerts == 0  # 41 days before: no lead reached

    now = dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC)
    run_checks(now)
    run_checks(now + dt.timedelta(hours=1))
    alerts = Alert.objects.filter(event="roi.reference_date")
    assert [(a.recipient, a.lead, a.entity) for a in alerts] == [(cm, "30d", alpha)]
    assert "reference date 2026-12-31" in alerts[0].title
    assert alerts[0].url.endswith(f"?entity={alpha.pk}&date=2026-12-31")

    run_checks(dt.datetime(2026, 12, 27, 9, 0, tzinfo=dt.UTC))
    assert sorted(alerts.values_list("lead", flat=True)) == ["30d", "7d"]
