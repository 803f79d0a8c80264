"""Searchable selects in real Chromium: a many-to-many field is picked by typing (the vendored Tom
Select, served by this server under its Content-Security-Policy), saved as picked, and the form
stays accessible (axe-core) and fits a phone screen."""

import pytest

from midora.compliance.models import Control
from midora.core.choices import Role
from tests.browser.axe import serious_violations
from tests.factories import make_entity, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_controls_are_picked_by_typing(page, login):
    entity = make_entity("Gamma Custody SAS", "FR")
    for number in range(1, 31):
        control = Control.objects.create(code=f"CTL-{number:02d}", title=f"Control number {number}")
        control.entities.add(entity)
    make_user("officer", Role.COMPLIANCE_MANAGER, [entity])

    login("officer")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/ict-risk/risks/add/")
    assert page.locator("#id_controls.tomselected").count() == 1
    box = page.locator("#id_controls-ts-control")
    box.fill("number 17")
    page.locator(".ts-dropdown .option", has_text="CTL-17").click()
    box.fill("CTL-03")
    page.locator(".ts-dropdown .option.active", has_text="CTL-03").wait_for()
    page.keyboard.press("Enter")
    assert page.locator("#id_controls").evaluate(
        "s => Array.from(s.selectedOptions).map(o => o.text)"
    ) == ["CTL-17 Control number 17", "CTL-03 Control number 3"]
    page.keyboard.press("Escape")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    violations = serious_violations(page)
    assert not violations, "\n".join(map(str, violations))

    page.set_viewport_size({"width": 1280, "height": 900})
    page.select_option("#id_entity", label="Gamma Custody SAS")
    page.fill("#id_reference", "R-001")
    page.fill("#id_title", "Hot wallet key theft")
    page.fill("#id_threat", "An attacker phishes an operator with signing rights.")
    page.select_option("#id_inherent_likelihood", "4")
    page.select_option("#id_inherent_impact", "5")
    page.select_option("#id_residual_likelihood", "2")
    page.select_option("#id_residual_impact", "4")
    page.select_option("#id_treatment", "mitigate")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.locator(".errorlist").count() == 0, page.locator(".errorlist").all_inner_texts()
    page.wait_for_url("**/ict-risk/risks/*/")
    details = page.locator("dl.fields").inner_text()
    assert "CTL-17" in details and "CTL-03" in details and "CTL-04" not in details
