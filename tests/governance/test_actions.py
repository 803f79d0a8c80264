"""One action list from every source, overdue flags, burn-down, decisions and the board view."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from midora.boardpack.remediation import board_view
from midora.core.choices import Role
from midora.governance.models import Action, Decision
from midora.governance.services import burndown_points, by_source
from tests.factories import make_user
from tests.ictrisk.builders import make_acceptance, make_risk

pytestmark = pytest.mark.django_db

SOURCES = {
    "compliance.requirementresult": "Assessment gap",
    "suppliers.clausereview": "Contract-clause gap",
    "resilience.finding": "Test finding",
    "incidents.incident": "Incident lesson learned",
    "ictrisk.risk": "ICT risk",
    "dpo.privacyreview": "dpo.privacyreview",  # an app this one does not know of
}


def make_action(entity, source_type="", **fields):
    today = timezone.localdate()
    return Action.objects.create(
        entity=entity,
        title=fields.pop("title", f"Fix {source_type or 'manual'}"),
        source_type=source_type,
        source_id=fields.pop("source_id", "1"),
        due_date=fields.pop("due_date", today + dt.timedelta(days=30)),
        **fields,
    )


def test_actions_are_aggregated_from_every_source(entity, compliance_user, client_for, api_for):
    today = timezone.localdate()
    for source in SOURCES:
        make_action(entity, source)
    make_action(entity, "resilience.finding", due_date=today - dt.timedelta(days=3))
    make_action(entity, "ictrisk.risk", status="done", budget_needed=Decimal("5000"))
    make_action(entity, "", title="Board asked for a review")
    rows = {row.source_type: row for row in by_source(Action.objects.all(), today)}
    assert set(rows) == {*SOURCES, ""}
    assert {k: rows[k].label for k in SOURCES} == SOURCES
    assert (rows["resilience.finding"].total, rows["resilience.finding"].overdue) == (2, 1)
    assert (rows["ictrisk.risk"].open, rows["ictrisk.risk"].finished) == (1, 1)
    assert rows["ictrisk.risk"].budget_needed == 0  # only open actions' budgets count
    page = client_for(compliance_user).get("/governance/").content.decode()
    table = page.split('id="actions-by-source"')[1]
    for label in SOURCES.values():
        assert label in table
    api = {
        r["source_type"]: r for r in api_for(compliance_user).get("/api/governance/sources").json()
    }
    assert api["dpo.privacyreview"]["open"] == 1


def test_overdue_flag_and_filter(entity, compliance_user, client_for, api_for):
    today = timezone.localdate()
    late = make_action(
        entity, "ictrisk.risk", title="Late one", due_date=today - dt.timedelta(days=1)
    )
    make_action(entity, "ictrisk.risk", title="Early one")
    make_action(
        entity,
        "ictrisk.risk",
        title="Closed late",
        due_date=today - dt.timedelta(days=9),
        status="done",
    )
    assert late.is_overdue
    page = client_for(compliance_user).get("/governance/actions/?overdue=true").content.decode()
    assert "Late one" in page and "Early one" not in page and "Closed late" not in page
    data = api_for(compliance_user).get(f"/api/governance/actions/{late.pk}").json()
    assert data["is_overdue"] is True


def test_done_action_gets_a_closed_date_and_full_progress(entity):
    action = make_action(entity, "ictrisk.risk")
    action.status = "done"
    action.full_clean()
    action.save()
    assert action.closed_date == timezone.localdate() and action.progress == 100


def test_burndown_counts_open_and_overdue_each_week(entity, compliance_user, client_for):
    today = timezone.localdate()
    old = make_action(entity, "ictrisk.risk", due_date=today - dt.timedelta(days=20))
    Action.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=60))
    make_action(entity, "ictrisk.risk")
    points = burndown_points(Action.objects.all(), weeks=10, today=today)
    assert points[-1].on == today and (points[-1].open, points[-1].overdue) == (2, 1)
    assert points[0].open == 0
    page = client_for(compliance_user).get("/governance/burndown/").content.decode()
    assert '<svg id="burndown"' in page and "Open actions 2, overdue 1" in page


def test_board_view_shows_funding_ownership_and_acceptance_gaps(entity, other_entity):
    today = timezone.localdate()
    make_action(
        entity,
        "ictrisk.risk",
        title="Buy HSMs",
        budget_needed=Decimal("80000"),
        owner=make_user("ciso", Role.COMPLIANCE_MANAGER, [entity]),
    )
    make_action(entity, "resilience.finding", title="Nobody owns me")
    make_action(other_entity, "", title="Elsewhere", budget_needed=Decimal("1"))
    high = make_risk(entity, residual=(4, 4), title="Unaccepted high")
    make_risk(entity, residual=(1, 2), title="Low one")
    lapsed = make_risk(entity, residual=(5, 4), title="Lapsed acceptance")
    make_acceptance(lapsed, until=today - dt.timedelta(days=1))
    board = make_user("board", Role.BOARD_MEMBER, [entity])
    view = board_view(board, today)
    assert [a.title for a in view.needs_funding] == ["Buy HSMs"]
    assert view.funding_total == Decimal("80000")
    assert "Nobody owns me" in [a.title for a in view.needs_owner]
    assert "Buy HSMs" not in [a.title for a in view.needs_owner]
    assert {r.title for r in view.needs_acceptance} == {"Unaccepted high", "Lapsed acceptance"}
    assert high.pk in {r.pk for r in view.needs_acceptance}


def test_decision_links_actions_risks_and_acceptances(entity, compliance_user, api_for):
    today = timezone.localdate()
    risk = make_risk(entity)
    action = make_action(entity, "ictrisk.risk")
    api = api_for(compliance_user)
    created = api.post(
        "/api/governance/decisions/",
        {
            "entity_id": entity.pk,
            "reference": "MB-2026-03",
            "date": today.isoformat(),
            "subject": "Residual risks",
            "decision": "Accepts R-1 for 12 months.",
            "minutes_reference": "DMS-4411",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    decision = Decision.objects.get(pk=created.json()["id"])
    make_acceptance(risk, until=today + dt.timedelta(days=300), decision=decision)
    linked = api.put(
        f"/api/governance/decisions/{decision.pk}/links",
        {"action_ids": [action.pk], "risk_ids": [risk.pk]},
        content_type="application/json",
    ).json()
    assert (linked["action_ids"], linked["risk_ids"]) == ([action.pk], [risk.pk])
    assert len(linked["acceptance_ids"]) == 1
