"""A person records an incident in Chromium, sees it classified major with the criteria
explained and the deadlines, and exports the initial notification."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from midora.core.choices import Role
from midora.core.models import BusinessFunction
from midora.incidents.engine.report_content import validate_report
from tests.factories import make_entity, make_user

pytestmark = pytest.mark.django_db(transaction=True)


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
    page.fill("#id_title", "Matching engine outage")
    page.get_by_label("F-TRAD Trading platform").check()
    page.fill("#id_occurred_at", "2025-03-11T08:00")
    page.fill("#id_aware_at", "2025-03-11T09:00")
    page.fill("#id_classified_at", "2025-03-11T11:30")
    page.fill("#id_resolved_at", "2025-03-11T11:00")
    page.fill("#id_clients_using_service", "100000")
    page.fill("#id_clients_affected", "10001")
    page.fill("#id_service_downtime_minutes", "121")
    page.select_option("#id_member_states_impacted", ["FR"])
    page.click("#intake button[type=submit]")

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
