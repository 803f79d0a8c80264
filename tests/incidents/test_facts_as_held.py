"""Incident facts as a desk holds them (issue 13): field 3.30 not available, service timestamps,
estimates then actual figures, and contacts in reports."""

from __future__ import annotations

import copy
import json

import pytest

from midora.incidents.commands import classify as classify_cli
from midora.incidents.engine.errors import InvalidIncidentInput
from midora.incidents.engine.report_content import (
    Contact,
    EntityData,
    ReportData,
    ReportText,
    build_report,
    validate_report,
)
from midora.incidents.engine.vectors import classify_case, classify_document, holiday_lists

from .conftest import load_vectors

DOC = load_vectors()
LISTS = holiday_lists(DOC["meta"]["holidays"])
P02 = next(v for v in DOC["vectors"] if v["id"] == "P02")["input"]


def p02(**incident) -> dict:
    case = copy.deepcopy(P02)
    case["incident"].update(incident)
    return case


def test_information_not_available_keeps_client_notification_open():
    result = classify_case(
        p02(impact_on_financial_interests_of_clients="information_not_available"), LISTS
    )
    assert result["major"] is True
    assert result["client_notification_required"] == "open"
    assert "information not available" in result["client_notification_why"]
    assert result["client_notification_timing"] is None
    stated = classify_case(p02(impact_on_financial_interests_of_clients=True), LISTS)
    assert stated["client_notification_required"] is True
    unstated = p02()
    del unstated["incident"]["impact_on_financial_interests_of_clients"]
    assert classify_case(unstated, LISTS)["client_notification_required"] == "open"


def test_information_not_available_through_the_command(tmp_path, capsys):
    case = p02(impact_on_financial_interests_of_clients="information_not_available")
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"id": "N1", "meta": DOC["meta"], "input": case}))
    assert classify_cli.main([str(path)]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert result["client_notification_required"] == "open"


def test_nonsense_for_field_3_30_refused_with_the_allowed_values():
    with pytest.raises(InvalidIncidentInput) as exc:
        classify_case(p02(impact_on_financial_interests_of_clients="perhaps"), LISTS)
    assert exc.value.path == "input.incident.impact_on_financial_interests_of_clients"
    assert "information_not_available" in exc.value.reason


def timestamps(case: dict, **moments) -> dict:
    del case["incident"]["service_downtime"]
    case["incident"].update(moments)
    return case


def test_downtime_from_unavailable_and_restored():
    case = timestamps(
        p02(),
        service_unavailable_from="2025-03-11T08:10:00+01:00",
        service_restored_at="2025-03-11T10:11:00+01:00",
    )
    result = classify_case(case, LISTS)
    assert result["service_downtime"]["downtime"] == "PT2H1M"
    assert "2 h 01 min" in result["service_downtime"]["explanation"]
    assert "RTS-C Art 3(2)" in result["service_downtime"]["explanation"]
    assert result["thresholds"]["t9_3"] is True  # 2 h 01 min > 2 h
    t9_3 = next(c for c in result["criteria"] if c["key"] == "t9_3")
    assert "service restored 2025-03-11 09:11 UTC minus service unavailable from" in t9_3["why"]


def test_backlog_counts_from_the_start_of_the_incident():
    """Restored after 1 h 50 min, but the backlog runs to 10:05: 2 h 05 min from occurrence."""
    restored_only = timestamps(
        p02(),
        service_unavailable_from="2025-03-11T08:00:00+01:00",
        service_restored_at="2025-03-11T09:50:00+01:00",
    )
    assert classify_case(restored_only, LISTS)["thresholds"]["t9_3"] is False
    with_backlog = copy.deepcopy(restored_only)
    with_backlog["incident"]["backlog_cleared_at"] = "2025-03-11T10:05:00+01:00"
    result = classify_case(with_backlog, LISTS)
    assert result["service_downtime"]["downtime"] == "PT2H5M"
    assert "backlog cleared" in result["service_downtime"]["explanation"]
    assert "incident occurred" in result["service_downtime"]["explanation"]
    assert result["thresholds"]["t9_3"] is True
    assert result["major"] is True


@pytest.mark.parametrize(
    ("moments", "path", "reason"),
    [
        (
            {
                "service_unavailable_from": "2025-03-11T09:00:00+01:00",
                "service_restored_at": "2025-03-11T08:30:00+01:00",
            },
            "input.incident.service_restored_at",
            "restored before it became unavailable",
        ),
        (
            {
                "service_unavailable_from": "2025-03-11T08:30:00+01:00",
                "service_restored_at": "2025-03-11T09:30:00+01:00",
                "backlog_cleared_at": "2025-03-11T09:00:00+01:00",
            },
            "input.incident.backlog_cleared_at",
            "backlog cleared before the service was restored",
        ),
        (
            {"service_unavailable_from": "2025-03-11T07:00:00+01:00"},
            "input.incident.service_unavailable_from",
            "unavailable before the incident occurred",
        ),
    ],
)
def test_impossible_service_timestamps_refused(moments, path, reason):
    with pytest.raises(InvalidIncidentInput) as exc:
        classify_case(timestamps(p02(), **moments), LISTS)
    assert (exc.value.path, reason in exc.value.reason) == (path, True)


def test_downtime_given_twice_refused():
    case = p02(service_restored_at="2025-03-11T10:00:00+01:00")
    with pytest.raises(InvalidIncidentInput, match="either service_downtime or the service"):
        classify_case(case, LISTS)


def estimates_case(estimates: dict, actuals: dict | None, established: str | None) -> dict:
    case = copy.deepcopy(P02)
    for key in ("clients_affected", "service_downtime", "costs_eur"):
        case["incident"].pop(key)
    case["estimates"] = estimates
    if actuals is not None:
        case["actuals"] = actuals
    if established is not None:
        case["actuals_established_at"] = established
    return case


def test_estimates_that_fall_away_reclassify_as_non_major():
    case = estimates_case(
        {"clients_affected": 20000, "service_downtime": "PT3H"},
        {"clients_affected": 4000, "service_downtime": "PT1H"},
        "2025-03-12T10:00:00+01:00",
    )
    result = classify_case(case, LISTS)
    first = result["at_classification"]
    assert first["major"] is True and first["deadlines"]["initial"]["due"]
    assert {c["key"]: c["estimated"] for c in first["criteria"]}["t9_1"] is True
    assert result["on_actuals"]["major"] is False
    consequence = result["reclassification"]
    assert consequence["outcome"] == "reclassify_as_non_major"
    assert consequence["submission_type"] == "major_incident_reclassified_as_non-major"
    assert "ITS Art 5" in consequence["why"]
    assert result["major"] is False and result["deadlines"] is None


def test_criteria_met_on_actual_figures_keep_the_incident_major():
    case = estimates_case(
        {"service_downtime": "PT3H"},
        {"service_downtime": "PT1H"},
        "2025-03-12T10:00:00+01:00",
    )
    case["incident"]["clients_affected"] = 30000  # an actual figure: 9(1) met, firmly
    case["incident"]["member_states_impacted"] = ["FR", "DE"]
    case["incident"]["reputational"]["media"] = True
    result = classify_case(case, LISTS)
    assert result["at_classification"]["major"] is True
    assert result["reclassification"]["outcome"] == "remains_major"
    assert result["major"] is True
    assert result["deadlines"] == result["at_classification"]["deadlines"]


def test_estimates_below_then_actuals_above_start_the_clock_at_the_actuals():
    case = estimates_case(
        {"clients_affected": 5000, "service_downtime": "PT1H"},
        {"clients_affected": 25000, "service_downtime": "PT4H"},
        "2025-03-13T09:00:00+01:00",
    )
    result = classify_case(case, LISTS)
    assert result["at_classification"]["major"] is False
    assert result["reclassification"]["outcome"] == "classify_as_major"
    assert result["major"] is True
    initial = result["deadlines"]["initial"]
    assert initial["rule"] == "RTS-R 5(2)"  # classified more than 24 h after awareness
    assert initial["base"] == "2025-03-13T13:00:00+01:00"


def test_actuals_need_their_moment():
    case = estimates_case({"clients_affected": 5000}, {"clients_affected": 6000}, None)
    with pytest.raises(InvalidIncidentInput) as exc:
        classify_case(case, LISTS)
    assert exc.value.path == "input.actuals_established_at"


def test_estimates_case_through_the_command(tmp_path, capsys):
    case = estimates_case(
        {"clients_affected": 20000, "service_downtime": "PT3H"},
        {"clients_affected": 4000, "service_downtime": "PT1H"},
        "2025-03-12T10:00:00+01:00",
    )
    doc = {"meta": DOC["meta"], "vectors": [{"id": "E1", "input": case}]}
    path = tmp_path / "cases.yaml"
    import yaml

    path.write_text(yaml.safe_dump(doc))
    assert classify_cli.main([str(path), "--pretty"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[\n  {")
    (result,) = json.loads(out)
    assert result["reclassification"]["outcome"] == "reclassify_as_non_major"


def test_worked_examples_unchanged_with_compact_output(tmp_path, capsys):
    path = tmp_path / "vectors.json"
    path.write_text(json.dumps(DOC, default=str))
    assert classify_cli.main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "\n " not in out  # compact
    results = json.loads(out)
    assert [r.get("major") for r in results] == [r.get("major") for r in classify_document(DOC)]
    assert all("criteria" not in r for r in results if "thresholds" in r)


def test_report_carries_the_second_contact():
    from midora.incidents.engine.classification import classify
    from midora.incidents.engine.facts import facts_from_mapping

    facts = facts_from_mapping({k: v for k, v in P02.items() if k != "bank_holidays"})
    entity = EntityData(
        name="Alpha CASP",
        lei="5299000J2N45DDNE4Y28",
        primary_contact=Contact(email="dora@alpha.example", name="A. Officer"),
        secondary_contact=Contact(
            email="ciso@alpha.example", name="B. Deputy", phone="+33123456789"
        ),
    )
    doc = build_report(
        "initial_notification",
        ReportData(
            facts,
            classify(facts.impact, "FR", facts.timeline.aware_at),
            entity,
            ReportText(
                incident_reference="INC-1", discovery="monitoring_systems", bcp_activated=False
            ),
        ),
    )
    assert doc["secondaryContact"] == {
        "name": "B. Deputy",
        "email": "ciso@alpha.example",
        "phone": "+33123456789",
    }
    assert validate_report(doc) == []
