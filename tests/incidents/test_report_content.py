"""Generated reports validate against the shipped IR-1.2.1 schema; gaps are listed per field."""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path

import pytest

from midora.incidents.engine.classification import classify
from midora.incidents.engine.facts import facts_from_mapping
from midora.incidents.engine.group_facts import threat_from_mapping
from midora.incidents.engine.report_content import (
    STAGES,
    Contact,
    EntityData,
    ReportData,
    ReportText,
    build_report,
    build_threat_notification,
    missing_fields,
    report_schema,
    validate_report,
)
from midora.incidents.engine.threats import significant_cyber_threat

from .conftest import REFERENCE_DIR, load_vectors

DOC = load_vectors()
ENTITY = EntityData(
    name="Example CASP SAS",
    lei="969500ABCDEFGHIJ1234",
    primary_contact=Contact(email="dora@example.eu", name="A. Officer", phone="+33123456789"),
)
FULL_TEXT = ReportText(
    incident_reference="INC-2025-001",
    description="Outage of the trading engine",
    discovery="monitoring_systems",
    bcp_activated=False,
    incident_types=("system_failure",),
    functional_areas="spot trading",
    infrastructure_affected="yes",
    reporting_to_other_authorities=("none",),
    root_causes=("system_failure_malfunction",),
    resolution_summary="rolled back",
    root_cause_addressed_at=datetime.fromisoformat("2025-03-12T10:00:00+01:00"),
    resolution_vs_planned="as planned",
)


def data_for(vid: str, text: ReportText = FULL_TEXT) -> ReportData:
    case = copy.deepcopy(next(v for v in DOC["vectors"] if v["id"] == vid)["input"])
    case.pop("bank_holidays", None)
    facts = facts_from_mapping(case)
    if facts.impact.financial_recoveries_eur is None:
        from dataclasses import replace
        from decimal import Decimal

        facts = replace(facts, impact=replace(facts.impact, financial_recoveries_eur=Decimal(0)))
    return ReportData(facts, classify(facts.impact, facts.entity.member_state), ENTITY, text)


CASES = [
    (vid, stage)
    for vid in ("P02", "P05", "P07", "P12")
    for stage in STAGES
    if stage != "final_report" or vid == "P02"
]


@pytest.mark.parametrize(("vid", "stage"), CASES)
def test_generated_reports_validate(vid, stage):
    doc = build_report(stage, data_for(vid))
    assert doc["incidentSubmission"] == stage
    assert validate_report(doc) == []


@pytest.mark.parametrize("vid", ["P05", "P07", "P12"])
def test_final_report_without_resolution_time_is_refused_by_schema(vid):
    errors = validate_report(build_report("final_report", data_for(vid)))
    assert any("incidentResolutionDateTime" in e for e in errors)


@pytest.mark.parametrize("stage", STAGES)
def test_complete_data_has_no_gaps(stage):
    assert missing_fields(stage, data_for("P02")) == []


def test_gaps_follow_missing_facts():
    gaps = {g.path for g in missing_fields("final_report", data_for("P05"))}
    assert gaps == {"incident.incidentOccurrenceDateTime", "incident.incidentResolutionDateTime"}


def test_final_report_carries_gross_costs_and_recoveries():
    doc = build_report("final_report", data_for("P12"))
    assert doc["incident"]["grossAmountIndirectDirectCosts"] == 105000
    assert doc["incident"]["financialRecoveriesAmount"] == 50000
    criteria = {c["classificationCriterion"] for c in doc["incident"]["classificationTypes"]}
    assert criteria == {
        "critical_services_affected",
        "economic_impact",
        "clients_financial_counterparts_and_transactions_affected",
    }


def test_missing_fields_are_named_with_reason():
    gaps = missing_fields("intermediate_report", data_for("P02", ReportText()))
    paths = [g.path for g in gaps]
    assert "incident.financialEntityCode" in paths
    assert "incident.incidentType.incidentClassification" in paths
    assert "incident.rootCauseHLClassification" not in paths
    gap = next(g for g in gaps if g.path == "incident.incidentDiscovery")
    assert "2.7" in gap.label and "RTS-R Art 2(f)" in gap.why


def test_incomplete_final_report_fails_schema():
    doc = build_report("final_report", data_for("P02", ReportText()))
    errors = validate_report(doc)
    assert any("rootCauseHLClassification" in e or "incidentType" in e for e in errors)


def test_schema_loaded_from_package_equals_reference():
    ref = REFERENCE_DIR / "dora-incident-report-schema-IR-1.2.1.json"
    import json

    assert report_schema() == json.loads(Path(ref).read_text())


def test_threat_notification_content():
    vec = next(v for v in DOC["vectors"] if v["id"] == "P10")["input"]
    threat = threat_from_mapping(vec["threat"], "input.threat", None)
    doc = build_threat_notification(
        significant_cyber_threat(threat),
        threat.description,
        datetime.fromisoformat(vec["timeline"]["detected_at"]),
        ENTITY,
        "account takeover of clients",
        "ongoing",
    )
    assert doc["threat"]["detectionDateTime"] == "2025-09-15T07:00:00Z"
    assert doc["threat"]["criteriaThatWouldTrigger"] == [
        "a_could_affect",
        "b_high_probability",
        "c_could_meet_criteria",
    ]
