"""The home page lists what is due for the person and their team, each row linking its record,
and nothing of an entity outside their scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from midora.core.choices import Role
from midora.core.my_work import countdown
from midora.governance.models import Action
from tests.factories import make_entity, make_user
from tests.incidents.app_fixtures import record
from tests.notifications.test_major_incident_alert import recent_timeline

pytestmark = pytest.mark.django_db


def test_countdown_reads_as_a_person_would_say_it() -> None:
    now = dt.datetime(2026, 3, 11, 10, 0, tzinfo=dt.UTC)
    assert countdown(now + dt.timedelta(hours=3, minutes=20), now) == "in 3 h 20 min"
    assert countdown(now + dt.timedelta(days=12), now) == "in 12 days"
    assert countdown(now - dt.timedelta(hours=2), now) == "overdue by 2 h 0 min"
    assert countdown(None, now) == ""


def test_home_shows_reports_due_and_overdue_actions_in_scope_only(client_for) -> None:
    alpha, beta = make_entity("Alpha CASP SAS"), make_entity("Beta CASP GmbH", "DE")
    alpha_cm = make_user("alpha_cm", Role.COMPLIANCE_MANAGER, [alpha])
    engineer = make_user("engineer", Role.CONTRIBUTOR, [alpha])
    beta_cm = make_user("beta_cm", Role.COMPLIANCE_MANAGER, [beta])
    incident = record(alpha_cm, alpha, timeline=recent_timeline())
    late = Action.objects.create(
        entity=alpha,
        title="Rotate the signing keys",
        due_date=timezone.localdate() - dt.timedelta(days=3),
        owner=engineer,
    )
    Action.objects.create(
        entity=beta, title="Beta only action", due_date=timezone.localdate() - dt.timedelta(days=3)
    )

    page = client_for(engineer).get("/").content.decode()
    assert 'data-section="reports"' in page
    assert f'href="{incident.get_absolute_url()}"' in page
    assert "Initial notification of " + incident.reference in page
    assert "in 2 h" in page  # the countdown to the initial notification
    assert f'href="{late.get_absolute_url()}"' in page and "overdue by 2 days" in page
    assert "yours" in page  # the engineer owns the action
    assert "Beta only action" not in page

    other = client_for(beta_cm).get("/").content.decode()
    assert incident.reference not in other and "Rotate the signing keys" not in other
    assert "Beta only action" in other


def test_board_member_sees_the_decisions_needed_only(client_for) -> None:
    alpha = make_entity("Alpha CASP SAS")
    board = make_user("board", Role.BOARD_MEMBER, [alpha])
    Action.objects.create(entity=alpha, title="Buy a second HSM", budget_needed=120000)
    Action.objects.create(
        entity=alpha, title="Late action", due_date=timezone.localdate() - dt.timedelta(days=1)
    )
    page = client_for(board).get("/").content.decode()
    assert "Approve a budget of EUR 120,000" in page and 'data-section="decisions"' in page
    assert "Late action" not in page
