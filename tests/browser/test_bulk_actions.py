"""Bulk actions in real Chromium: tick every row of a register page with the header checkbox,
change their status in one go, and the list stays accessible and fits a phone screen."""

import pytest

from midora.core.choices import Role
from midora.core.models import ServiceOffering
from tests.factories import make_entity, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_select_all_and_change_status(page, login):
    from axe_playwright_python.sync_playwright import Axe

    entity = make_entity("Gamma Custody SAS", "FR")
    for service in ("custody", "transfer", "advice"):
        ServiceOffering.objects.create(entity=entity, service=service, status="active")
    make_user("officer", Role.COMPLIANCE_MANAGER, [entity])
    login("officer")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/services/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    violations = [
        (v["id"], [n["html"][:200] for n in v["nodes"]])
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not violations, violations
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Select every row on this page").check()
    assert page.locator('input[name="ids"]:checked').count() == 3
    page.locator('input[name="ids"]').first.uncheck()
    assert page.eval_on_selector("input[data-select-all]", "box => box.indeterminate")
    page.get_by_label("Select every row on this page").check()
    page.select_option("select[name=new_status]", "suspended")
    page.get_by_role("button", name="Change status").click()
    page.wait_for_selector(".messages .success")
    assert "on 3 records" in page.inner_text(".messages")
    assert set(ServiceOffering.objects.values_list("status", flat=True)) == {"suspended"}
