"""Facts as held through the record: API intake with service moments and field 3.30 not
available, the intake form, and both contacts in the exported report."""

from __future__ import annotations

import datetime as dt

import pytest

from midora.incidents.engine.report_content import validate_report
from midora.incidents.forms import ImpactForm

from .app_fixtures import REPORT_TEXT, major_impact
from .test_app_api import BODY, post

pytestmark = pytest.mark.django_db


def held_impact() -> dict:
    impact = major_impact()
    del impact["service_downtime"]
    impact["impact_on_financial_interests_of_clients"] = "information_not_available"
    impact["service_unavailable_from"] = "2025-03-11T08:10:00+01:00"
    impact["service_restored_at"] = "2025-03-11T10:11:00+01:00"
    return impact


def test_api_intake_takes_the_facts_as_held(api_for, compliance_user, entity):
    api = api_for(compliance_user)
    text = {
        **REPORT_TEXT,
        "secondary_contact_email": "ciso@alpha.example",
        "secondary_contact_name": "B. Deputy",
    }
    body = {**BODY, "entity_id": entity.pk, "impact": held_impact(), "report_text": text}
    created = post(api, body)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    current = api.get(f"/api/incidents/{pk}/classification").json()
    assert current["major"] is True
    assert current["client_notification_required"] == "open"
    t9_3 = next(c for c in current["criteria"] if c["key"] == "t9_3")
    assert t9_3["met"] and "service restored" in t9_3["why"]
    report = api.post(
        f"/api/incidents/{pk}/reports",
        '{"stage": "intermediate_report"}',
        content_type="application/json",
    )
    assert report.status_code == 201, report.content
    doc = api.get(f"/api/incidents/reports/{report.json()['id']}/export").json()
    assert doc["secondaryContact"] == {"name": "B. Deputy", "email": "ciso@alpha.example"}
    impact = doc["impactAssessment"]
    assert impact["isImpactOnFinancialInterest"] == "information_not_available"
    assert impact["serviceImpact"]["serviceDowntime"] == "00:02:01"
    assert not [e for e in validate_report(doc) if "secondaryContact" in e]


def test_api_refuses_impossible_service_moments(api_for, compliance_user, entity):
    impact = held_impact()
    impact["service_restored_at"] = "2025-03-11T08:00:00+01:00"
    response = post(api_for(compliance_user), {**BODY, "entity_id": entity.pk, "impact": impact})
    assert response.status_code == 422
    assert "impact.service_restored_at" in response.content.decode()


def test_intake_form_writes_service_moments_and_3_30():
    paris = dt.timezone(dt.timedelta(hours=1))
    form = ImpactForm(
        data={
            "service_unavailable_from": "2025-03-11T08:10",
            "service_restored_at": "2025-03-11T10:11",
            "backlog_cleared_at": "2025-03-11T10:40",
            "impact_on_financial_interests_of_clients": "information_not_available",
        }
    )
    from django.utils import timezone

    with timezone.override(paris):
        assert form.is_valid(), form.errors
        impact = form.impact()
    assert impact["service_unavailable_from"] == "2025-03-11T08:10:00+01:00"
    assert impact["backlog_cleared_at"] == "2025-03-11T10:40:00+01:00"
    assert impact["impact_on_financial_interests_of_clients"] == "information_not_available"
    assert "service_downtime" not in impact
