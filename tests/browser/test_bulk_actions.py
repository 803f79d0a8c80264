"""Bulk actions in real Chromium: tick every row of a register page with the header checkbox,
change their status in one go, and the list stays accessible and fits a phone screen."""

import pytest
from playwright.sync_api import expect

from midora.core.choices import Role
from midora.core.models import ServiceOffering
from tests.browser.axe import serious_violations
from tests.factories import make_entity, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_select_all_and_change_status(page, login):
    entity = make_entity("Gamma Custody SAS", "FR")
    for service in ("custody", "transfer", "advice"):
        ServiceOffering.objects.create(entity=entity, service=service, status="active")
    make_user("officer", Role.COMPLIANCE_MANAGER, [entity])
    login("officer")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/services/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    violations = serious_violations(page)
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


def test_link_selected_risks_to_a_control(page, login):
    """Tick two risks, *Link to…* Controls, pick the control by typing, and both risks name it;
    the chooser page is accessible and fits a phone screen."""
    from midora.compliance.models import Control
    from midora.ictrisk.models import Risk
    from tests.ictrisk.builders import make_risk

    entity = make_entity("Gamma Custody SAS", "FR")
    for number in range(1, 21):
        control = Control.objects.create(code=f"CTL-{number:02d}", title=f"Control number {number}")
        control.entities.add(entity)
    picked = [make_risk(entity, title=f"Key theft {n}") for n in range(2)]
    make_risk(entity, title="Left alone")
    make_user("officer", Role.COMPLIANCE_MANAGER, [entity])
    login("officer")
    page.goto("/ict-risk/risks/")
    for risk in picked:
        page.get_by_label(f"Select {risk}").check()
    page.select_option("select[name=link]", "controls")
    page.get_by_role("button", name="Link to…").click()
    page.get_by_role("heading", name="Link 2 selected records to… (Controls)").wait_for()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    violations = serious_violations(page)
    assert not violations, violations
    box = page.locator("#bulk-link-target-ts-control")
    box.fill("number 17")
    # the search leaves one choice, highlighted: Enter takes it, Escape closes the list
    expect(page.locator(".ts-dropdown .option.active")).to_have_text("CTL-17 Control number 17")
    box.press("Enter")
    box.press("Escape")
    expect(page.locator(".ts-dropdown")).to_be_hidden()
    expect(page.locator(".ts-control .item")).to_have_text("CTL-17 Control number 17")
    # the keyboard carries on to the button: leaving the box keeps its list closed
    page.get_by_role("button", name="Link", exact=True).press("Enter")
    page.wait_for_selector(".messages .success")
    assert "Linked 2 records to" in page.inner_text(".messages")
    assert page.url.endswith("/ict-risk/risks/")
    linked = Risk.objects.filter(controls__code="CTL-17").values_list("title", flat=True)
    assert sorted(linked) == ["Key theft 0", "Key theft 1"]
