"""Create a risk linked to an asset and a control, find it on the heatmap, accept it, and see the
acceptance expire once its date has passed — in real Chromium."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from midora.compliance.models import Control
from midora.core.choices import Role
from tests.factories import make_entity, make_user
from tests.ictrisk.builders import make_asset

pytestmark = pytest.mark.django_db(transaction=True)


def test_risk_heatmap_acceptance_and_expiry(page, login, monkeypatch):
    entity = make_entity("Gamma Custody SAS", "FR")
    make_asset(entity, "Custody hot wallet", asset_type="hot_wallet")
    control = Control.objects.create(code="CTL-KEY-01", title="Dual control of signing keys")
    control.entities.add(entity)
    make_user("officer", Role.COMPLIANCE_MANAGER, [entity])
    today = timezone.localdate()

    login("officer")
    page.get_by_role("navigation", name="Areas").get_by_role("link", name="ICT risk").click()
    page.get_by_role("navigation", name="ICT risk pages").get_by_role(
        "link", name="Risk register"
    ).click()
    page.get_by_role("link", name="Add ICT risk").click()
    page.select_option("#id_entity", label="Gamma Custody SAS")
    page.fill("#id_reference", "R-001")
    page.fill("#id_title", "Hot wallet key theft")
    page.fill("#id_threat", "An attacker phishes an operator with signing rights.")
    page.select_option("#id_assets", label="Custody hot wallet")
    page.select_option("#id_controls", label="CTL-KEY-01 Dual control of signing keys")
    page.select_option("#id_inherent_likelihood", "4")
    page.select_option("#id_inherent_impact", "5")
    page.select_option("#id_residual_likelihood", "2")
    page.select_option("#id_residual_impact", "4")
    page.select_option("#id_treatment", "mitigate")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/ict-risk/risks/*/")
    details = page.locator("dl.fields").inner_text()
    assert "Custody hot wallet" in details and "CTL-KEY-01" in details
    risk_url = page.url

    page.get_by_role("navigation", name="ICT risk pages").get_by_role(
        "link", name="Heatmap"
    ).click()
    page.get_by_role("link", name="Inherent", exact=True).click()
    cell = page.locator('#heatmap-inherent td[data-likelihood="4"][data-impact="5"]')
    assert cell.inner_text().startswith("1")
    cell.get_by_role("link").click()
    page.wait_for_url("**/ict-risk/risks/?inherent_likelihood=4*")
    assert "Hot wallet key theft" in page.locator("table.register").inner_text()

    page.goto(risk_url)
    page.get_by_role("link", name="Accept this risk").click()
    page.fill("#id_accepted_by", "Management body")
    page.fill("#id_valid_from", today.isoformat())
    page.fill("#id_valid_until", (today + dt.timedelta(days=10)).isoformat())
    page.fill("#id_reason", "Residual risk within tolerance until the MPC migration.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/ict-risk/acceptances/*/")
    page.goto(risk_url)
    in_force = page.locator("#treatment-in-force").inner_text()
    assert "Accept" in in_force and "Acceptance expiring soon" in in_force
    assert "Expiring soon" in page.locator("#acceptances").inner_text()

    # Eleven days later the acceptance has lapsed: the risk is back in treatment.
    later = today + dt.timedelta(days=11)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    page.reload()
    in_force = page.locator("#treatment-in-force").inner_text()
    assert "Mitigate" in in_force
    assert "Acceptance expired: back in treatment" in in_force
    assert "Expired" in page.locator("#acceptances").inner_text()
    page.get_by_role("navigation", name="ICT risk pages").get_by_role(
        "link", name="Overview"
    ).click()
    expect(page.locator("main")).to_contain_text("R-001 Hot wallet key theft")
