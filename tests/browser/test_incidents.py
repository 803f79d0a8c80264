"""A person records an incident in Chromium through the intake's four steps (going back and
forward without losing input), sees it classified major with the criteria
explained and the deadlines, and exports the initial notification."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from midora.core.choices import Role
from midora.core.models import BusinessFunction
from midora.incidents.engine.report_content import validate_report
from tests.browser.axe import serious_violations
from tests.factories import make_entity, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def move(page, step: str, button: str) -> None:
    """Press a step's Next or Back button and wait for the page the server answers with (each
    step is a full form post)."""
    with page.expect_navigation():
        page.locator(f"#step-{step}").get_by_role("button", name=button).click()


def test_record_classify_and_export_initial_notification(page, login, tmp_path):
    casp = make_entity("Delta Exchange SAS", "FR", time_zone="Europe/Paris")
    BusinessFunction.objects.create(
        entity=casp,
        identifier="F-TRAD",
        name="Trading platform",
        criticality="critical",
        criticality_rationale="Market the entity operates",
    )
    make_user("officer", Role.COMPLIANCE_MANAGER, [casp])
    login("officer")

    page.get_by_role("navigation", name="Areas").get_by_role("link", name="Incidents").click()
    page.get_by_role("link", name="Record an incident").first.click()
    # step 1: what happened
    assert page.get_by_role("heading", name="Step 1 of 4: What happened").is_visible()
    page.fill("#id_title", "Matching engine outage")
    page.fill("#id_occurred_at", "2025-03-11T08:00")
    page.fill("#id_aware_at", "2025-03-11T09:00")
    page.fill("#id_resolved_at", "2025-03-11T11:00")
    move(page, "what", "Next")
    # step 2: impact, with the entity's own functions named with the entity
    assert page.get_by_role("heading", name="Step 2 of 4: Impact").is_visible()
    assert not page.is_visible("#id_title")
    page.get_by_label("F-TRAD Trading platform — Delta Exchange SAS").check()
    page.fill("#id_clients_using_service", "100000")
    page.fill("#id_clients_affected", "10001")
    page.fill("#id_service_downtime_minutes", "121")
    page.select_option("#id_member_states_impacted", ["FR"])
    # back to step 1 and forward again: nothing typed is lost
    move(page, "impact", "Back")
    assert page.input_value("#id_title") == "Matching engine outage"
    move(page, "what", "Next")
    assert page.input_value("#id_clients_affected") == "10001"
    move(page, "impact", "Next")
    # step 3: classification facts; step 4: reporting
    assert page.get_by_role("heading", name="Step 3 of 4: Classification").is_visible()
    move(page, "classification", "Next")
    assert page.get_by_role("heading", name="Step 4 of 4: Reporting").is_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    violations = serious_violations(page)
    assert not violations, violations
    page.set_viewport_size({"width": 1280, "height": 900})
    page.fill("#id_classified_at", "2025-03-11T11:30")
    page.get_by_role("button", name="Record and classify").click()

    page.wait_for_selector("#criteria")
    assert "Major" in page.inner_text("#major-status")
    criteria = page.inner_text("#criteria")
    assert "Critical services affected\tRTS 2024/1772 Art. 6" in criteria and "F-TRAD" in criteria
    assert "clients 10,001/100,000 = just over 10.00 % vs > 10 %" in criteria
    assert "CIF service downtime 2:01:00 vs > 2 h" in criteria
    deadlines = page.inner_text("#deadlines")
    assert "Initial notification" in deadlines
    assert "2025-03-11 15:30 CET" in deadlines  # min(classified + 4 h, aware + 24 h)

    page.click("text=Draft report")
    page.wait_for_selector("#report-fields")
    page.fill("#id_contact_email", "dora@delta.example")
    page.fill("#id_description", "Matching engine stopped; orders rejected.")
    page.select_option("#id_discovery", "monitoring_systems")
    page.select_option("#id_bcp_activated", "no")
    page.click("#report-fields button[type=submit]")
    page.wait_for_selector("text=Every field the stage requires is filled in")

    with page.expect_download() as info:
        page.click("#export-json")
    target = Path(tmp_path) / "initial.json"
    info.value.save_as(target)
    document = json.loads(target.read_text())
    assert document["incidentSubmission"] == "initial_notification"
    assert validate_report(document) == []
    assert page.is_visible("#mark-sent")


def test_intake_offers_the_chosen_entitys_records(page, login):
    from tests.ictrisk.builders import make_asset

    first = make_entity("Aurora Digital France SAS", "FR", time_zone="Europe/Paris")
    second = make_entity("Aurora Digital GmbH", "DE")
    for entity in (first, second):
        make_asset(entity, "Client identity and KYC records")
    make_user("officer", Role.COMPLIANCE_MANAGER, [first, second])
    login("officer")
    page.goto("/incidents/records/add/")
    assert page.input_value("#id_entity") == str(first.pk)
    page.fill("#id_title", "KYC provider outage")
    move(page, "what", "Next")
    options = page.locator("#id_ict_assets option").all_inner_texts()
    assert options == ["Client identity and KYC records — Aurora Digital France SAS"]
    move(page, "impact", "Back")
    with page.expect_response("**/incidents/records/add/"):
        page.select_option("#id_entity", label="Aurora Digital GmbH")
    expect(page.locator("#id_ict_assets option")).to_have_text(
        ["Client identity and KYC records — Aurora Digital GmbH"]
    )
    assert page.input_value("#id_title") == "KYC provider outage"
