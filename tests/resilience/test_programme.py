"""Coverage of critical functions by tests, findings opening actions, TLPT only where designated."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from midora.core.choices import Role
from midora.governance.models import Action
from midora.resilience.models import Finding, ResilienceTest
from tests.factories import make_user
from tests.ictrisk.builders import make_function

pytestmark = pytest.mark.django_db


def make_test(entity, functions=(), **fields):
    today = timezone.localdate()
    status = fields.pop("status", "done")
    test = ResilienceTest.objects.create(
        entity=entity,
        title=fields.pop("title", "DR failover"),
        test_type=fields.pop("test_type", "dr_exercise"),
        status=status,
        planned_date=fields.pop("planned_date", today - dt.timedelta(days=30)),
        performed_date=fields.pop(
            "performed_date", today - dt.timedelta(days=30) if status == "done" else None
        ),
        outcome="passed" if status == "done" else "",
        **fields,
    )
    test.functions.set(functions)
    return test


def test_coverage_lists_critical_functions_not_tested_in_12_months(
    entity, compliance_user, client_for, api_for
):
    today = timezone.localdate()
    tested = make_function(entity, name="Custody wallets")
    stale = make_function(entity, name="Order matching")
    planned_only = make_function(entity, name="Fiat payments")
    make_function(entity, critical=False, name="Marketing site")
    make_test(entity, [tested])
    make_test(entity, [stale], performed_date=today - dt.timedelta(days=400))
    make_test(entity, [planned_only], status="planned", planned_date=today - dt.timedelta(days=5))
    page = client_for(compliance_user).get("/resilience/coverage/").content.decode()
    table = page.split('id="coverage-gaps"')[1]
    assert "Order matching" in table and "Fiat payments" in table
    assert "Custody wallets" not in table and "Marketing site" not in table
    assert "never" in table  # the function with only a planned test
    gaps = api_for(compliance_user).get("/api/resilience/coverage").json()
    assert sorted(g["name"] for g in gaps) == ["Fiat payments", "Order matching"]
    stale_gap = next(g for g in gaps if g["name"] == "Order matching")
    assert stale_gap["last_tested"] == (today - dt.timedelta(days=400)).isoformat()


def test_bcp_only_coverage_ignores_other_test_types(entity, compliance_user, client_for):
    function = make_function(entity, name="Key management")
    make_test(entity, [function], test_type="penetration_test", title="Pen test")
    page = client_for(compliance_user).get("/resilience/coverage/").content.decode()
    assert "Key management" not in page.split('id="coverage-gaps"')[1]
    bcp = client_for(compliance_user).get("/resilience/coverage/?bcp=1").content.decode()
    assert "Key management" in bcp.split('id="coverage-gaps"')[1]


def test_coverage_is_scoped_to_the_users_entities(entity, other_entity, client_for):
    make_function(entity, name="Mine")
    make_function(other_entity, name="Theirs")
    officer = make_user("officer", Role.COMPLIANCE_MANAGER, [entity])
    page = client_for(officer).get("/resilience/coverage/").content.decode()
    assert "Mine" in page and "Theirs" not in page


def test_a_finding_opens_a_remediation_action(entity):
    test = make_test(entity, title="External pen test", test_type="penetration_test")
    finding = Finding.objects.create(test=test, title="Admin panel exposed", severity="critical")
    action = Action.objects.get(source_type="resilience.finding", source_id=str(finding.pk))
    assert finding.action == action
    assert action.priority == "critical" and action.entity == entity
    assert action.due_date == test.performed_date + dt.timedelta(days=30)
    finding.title = "Admin panel exposed to the internet"
    finding.save()
    assert Action.objects.filter(source_type="resilience.finding").count() == 1


def test_plan_against_done_on_the_overview(entity, compliance_user, client_for):
    today = timezone.localdate()
    make_test(
        entity,
        test_type="penetration_test",
        planned_date=today.replace(month=1, day=2),
        performed_date=today.replace(month=1, day=2),
    )
    make_test(
        entity,
        test_type="penetration_test",
        status="planned",
        planned_date=today.replace(month=12, day=30),
    )
    page = client_for(compliance_user).get(f"/resilience/?year={today.year}").content.decode()
    row = page.split('id="plan-vs-done"')[1].split("Penetration test")[1].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in row.split("<td>")[1:4]] == ["2", "1", "1"]


def test_tlpt_only_for_a_designated_entity(entity):
    test = ResilienceTest(
        entity=entity, title="TLPT", test_type="tlpt", planned_date=timezone.localdate()
    )
    with pytest.raises(ValidationError, match="designated"):
        test.full_clean()
    entity.tlpt_designated = True
    entity.save()
    test.full_clean()


def test_done_test_needs_its_date_and_outcome(entity):
    test = ResilienceTest(
        entity=entity,
        title="Scan",
        test_type="vulnerability_assessment",
        status="done",
        planned_date=timezone.localdate(),
    )
    with pytest.raises(ValidationError) as info:
        test.full_clean()
    assert {"performed_date", "outcome"} <= set(info.value.message_dict)
