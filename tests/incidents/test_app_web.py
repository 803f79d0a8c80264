"""Incident pages: intake form, detail, facts, reports (guided, JSON, PDF, frozen), scoping."""

from __future__ import annotations

import json

import pytest

from midora.core.choices import Role
from midora.incidents.engine.report_content import validate_report
from midora.incidents.models import Incident, IncidentReport
from tests.factories import make_user

from .app_fixtures import minor_impact, record

pytestmark = pytest.mark.django_db

INTAKE = {
    "title": "Matching engine down",
    "status": "open",
    "occurred_at": "2025-03-11T08:00",
    "detected_at": "2025-03-11T08:30",
    "aware_at": "2025-03-11T09:00",
    "resolved_at": "2025-03-11T11:00",
    "clients_using_service": "100000",
    "clients_affected": "10001",
    "service_downtime_minutes": "121",
    "member_states_impacted": ["FR"],
    "access_may_result_in_data_losses": "",
    "impact_on_financial_interests_of_clients": "no",
}


@pytest.fixture
def critical_function(entity):
    from midora.core.models import BusinessFunction

    return BusinessFunction.objects.create(
        entity=entity,
        identifier="F-TRAD",
        name="Trading",
        criticality="critical",
        criticality_rationale="market",
    )


def test_every_incident_page_renders(entity, compliance_user, client_for):
    incident = record(compliance_user, entity)
    report = IncidentReport.objects.create(incident=incident, stage="initial_notification")
    client = client_for(compliance_user)
    for url in [
        "/incidents/",
        "/incidents/records/",
        "/incidents/records/add/",
        f"/incidents/records/{incident.pk}/",
        f"/incidents/records/{incident.pk}/edit/",
        f"/incidents/records/{incident.pk}/facts/",
        f"/incidents/records/{incident.pk}/history/",
        "/incidents/clock/",
        "/incidents/clock/?show=all",
        "/incidents/reports/",
        f"/incidents/reports/{report.pk}/",
        "/incidents/recurring/",
        "/incidents/threats/",
        "/incidents/threats/add/",
        "/incidents/holidays/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url


def test_web_intake_records_and_classifies(entity, compliance_user, client_for, critical_function):
    client = client_for(compliance_user)
    response = client.post(
        "/incidents/records/add/",
        {**INTAKE, "entity": entity.pk, "functions": [critical_function.pk]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    incident = Incident.objects.get()
    assert incident.source == "web" and incident.is_major
    assert incident.aware_at.isoformat() == "2025-03-11T08:00:00+00:00"  # 09:00 Brussels
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "Major" in page and "RTS 2024/1772 Art. 9(1)" in page and "Initial notification" in page


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"aware_at": "2025-03-11T07:00"}, "aware_at", "aware before the incident occurred"),
        ({"resolved_at": "2025-03-11T07:00"}, "resolved_at", "resolved before it occurred"),
        ({"clients_affected": "200000"}, "clients_affected", "share above 100 %"),
        ({"clients_affected": "-3"}, "clients_affected", "greater than or equal to 0"),
    ],
)
def test_web_intake_refuses_impossible_input(
    entity, compliance_user, client_for, change, field, words
):
    response = client_for(compliance_user).post(
        "/incidents/records/add/", {**INTAKE, "entity": entity.pk, **change}
    )
    assert response.status_code == 422
    assert words in response.content.decode()
    assert not Incident.objects.exists()


def test_facts_page_keeps_revision_and_reclassifies(entity, compliance_user, client_for):
    incident = record(compliance_user, entity, minor_impact())
    client = client_for(compliance_user)
    response = client.post(
        f"/incidents/records/{incident.pk}/facts/",
        {**INTAKE, "version": incident.version, "note": "new figures"},
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.is_major and incident.revisions.count() == 2
    stale = client.post(f"/incidents/records/{incident.pk}/facts/", {**INTAKE, "version": 1})
    assert stale.status_code == 409


def test_report_guided_completion_export_and_freeze(entity, compliance_user, client_for):
    incident = record(compliance_user, entity, report_text={})
    client = client_for(compliance_user)
    client.post(f"/incidents/records/{incident.pk}/reports/", {"stage": "initial_notification"})
    report = IncidentReport.objects.get()
    page = client.get(f"/incidents/reports/{report.pk}/").content.decode()
    assert "Primary contact e-mail (1.8)" in page and "How the incident was discovered" in page
    # sending an incomplete report is refused
    client.post(f"/incidents/reports/{report.pk}/send/")
    report.refresh_from_db()
    assert report.sent_at is None
    response = client.post(
        f"/incidents/reports/{report.pk}/",
        {
            "contact_email": "dora@alpha.example",
            "discovery": "monitoring_systems",
            "bcp_activated": "no",
            "description": "Matching engine stopped; orders rejected for two hours.",
        },
    )
    assert response.status_code == 302
    exported = client.get(f"/incidents/reports/{report.pk}/json/")
    document = json.loads(exported.content)
    assert validate_report(document) == []
    assert document["incidentSubmission"] == "initial_notification"
    pdf = client.get(f"/incidents/reports/{report.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.post(f"/incidents/reports/{report.pk}/send/")
    report.refresh_from_db()
    assert report.sent_at is not None and len(report.sha256) == 64
    frozen = report.content
    # later changes of the record do not alter the sent report
    incident.refresh_from_db()
    incident.report_text = {**incident.report_text, "discovery": "clients"}
    incident.save()
    assert json.loads(client.get(f"/incidents/reports/{report.pk}/json/").content) == frozen
    # the intermediate deadline now runs from the actual send time
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "Intermediate report" in page


def test_other_entitys_incident_is_invisible(entity, other_entity, compliance_user, client_for):
    foreign_admin = make_user("other", Role.COMPLIANCE_MANAGER, [other_entity])
    hidden = record(foreign_admin, other_entity, title="Hidden outage")
    report = IncidentReport.objects.create(incident=hidden, stage="initial_notification")
    client = client_for(compliance_user)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(f"/incidents/reports/{report.pk}/json/").status_code == 404
    assert client.get(f"/incidents/reports/{report.pk}/pdf/").status_code == 404
    assert "Hidden outage" not in client.get("/incidents/records/").content.decode()
    csv = b"".join(client.get("/incidents/records/?export=csv").streaming_content).decode()
    assert "Hidden outage" not in csv
    assert hidden.reference not in client.get("/incidents/clock/?show=all").content.decode()


def test_auditor_reads_but_cannot_send(entity, compliance_user, client_for):
    incident = record(compliance_user, entity)
    report = IncidentReport.objects.create(incident=incident, stage="initial_notification")
    auditor = make_user("auditor", Role.AUDITOR, [entity])
    client = client_for(auditor)
    assert client.get(incident.get_absolute_url()).status_code == 200
    assert client.post(f"/incidents/reports/{report.pk}/send/").status_code == 403
    assert client.post(f"/incidents/records/{incident.pk}/classify/").status_code == 403


def test_mica_decision_recorded_separately(entity, compliance_user, client_for):
    incident = record(compliance_user, entity)
    client = client_for(compliance_user)
    response = client.post(
        f"/incidents/records/{incident.pk}/mica/trading_platform_halt/",
        {
            "trading_platform_halt-decision": "yes",
            "trading_platform_halt-rationale": "halted per rule 7",
        },
    )
    assert response.status_code == 302
    decision = incident.mica_decisions.get()
    assert decision.decision == "yes" and decision.owner == compliance_user
    assert decision.decided_at is not None
    refused = client.post(
        f"/incidents/records/{incident.pk}/mica/complaints_handling/",
        {"complaints_handling-decision": "no"},
    )
    assert refused.status_code == 302 and incident.mica_decisions.count() == 1
