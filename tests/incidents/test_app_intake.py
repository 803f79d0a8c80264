"""Intake, impact revisions and classification of incident records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from midora.core.audit import history
from midora.incidents.models import Classification, Incident
from midora.incidents.services.intake import IntakeData, intake, update_facts
from midora.incidents.services.record_facts import FactsError

from .app_fixtures import PARIS, major_impact, minor_impact, record, timeline

pytestmark = pytest.mark.django_db


def test_intake_classifies_major_with_every_criterion(compliance_user, entity):
    incident = record(compliance_user, entity)
    assert incident.reference.startswith("INC-2025-")
    assert incident.is_major
    row = Classification.objects.get(incident=incident, is_current=True)
    keys = [c["key"] for c in row.criteria]
    assert keys[:8] == [
        "critical_services_affected",
        "t9_1",
        "t9_2",
        "t9_3",
        "t9_4",
        "t9_5a",
        "t9_5b",
        "t9_6",
    ]
    met = {c["key"] for c in row.criteria if c["met"]}
    assert {"critical_services_affected", "t9_1", "t9_3"} <= met and "t9_6" not in met
    assert "just over 10.00 %" in next(c["why"] for c in row.criteria if c["key"] == "t9_1")
    assert row.ruleset_version.startswith("midora-dora-incident-rules/")
    assert incident.revisions.count() == 1


def test_minor_incident_is_not_major(compliance_user, entity):
    incident = record(compliance_user, entity, minor_impact())
    assert not incident.is_major
    assert incident.classifications.get().major is False


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"aware_at": dt.datetime(2025, 3, 11, 7, 0, tzinfo=PARIS)}, "aware_at"),
        ({"resolved_at": dt.datetime(2025, 3, 11, 7, 0, tzinfo=PARIS)}, "resolved_at"),
        ({"detected_at": dt.datetime(2025, 3, 11, 7, 0, tzinfo=PARIS)}, "detected_at"),
    ],
)
def test_impossible_timeline_refused_with_path(compliance_user, entity, change, path):
    data = IntakeData(title="x", timeline={**timeline(), **change}, impact=major_impact())
    with pytest.raises(FactsError) as info:
        intake(user=compliance_user, entity=entity, data=data, source="web")
    assert info.value.path == path
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("impact", "path", "words"),
    [
        ({"clients_affected": -1}, "impact.clients_affected", "negative"),
        ({"clients_using_service": 10, "clients_affected": 11}, "impact.clients_affected", "100 %"),
        (
            {"transactions_affected_pct_of_daily_avg_value": 120},
            "impact.transactions_affected_pct_of_daily_avg_value",
            "0..100",
        ),
        ({"occurred_at": "2025-03-11T08:00:00+01:00"}, "impact.occurred_at", "timeline"),
        ({"bogus": 1}, "impact.bogus", "unknown key"),
    ],
)
def test_bad_impact_refused_with_path(compliance_user, entity, impact, path, words):
    data = IntakeData(title="x", timeline=timeline(), impact=impact)
    with pytest.raises(FactsError) as info:
        intake(user=compliance_user, entity=entity, data=data, source="web")
    assert info.value.path == path
    assert words in info.value.reason


def test_idempotency_key_returns_the_first_record(compliance_user, entity):
    data = IntakeData(title="SIEM alert 42", timeline=timeline(), impact=minor_impact())
    first, created = intake(
        user=compliance_user, entity=entity, data=data, source="api", idempotency_key="siem-42"
    )
    again, created_again = intake(
        user=compliance_user, entity=entity, data=data, source="api", idempotency_key="siem-42"
    )
    assert created and not created_again
    assert first.pk == again.pk
    assert Incident.objects.count() == 1


def test_fact_changes_keep_revisions_and_audit(compliance_user, entity):
    incident = record(compliance_user, entity, minor_impact())
    update_facts(
        incident,
        user=compliance_user,
        version=incident.version,
        impact=major_impact(),
        note="figures from the payments team",
    )
    incident.refresh_from_db()
    assert incident.is_major
    revisions = list(incident.revisions.order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[1].changed_by == compliance_user
    assert revisions[1].facts["impact"]["clients_affected"] == 10001
    assert revisions[1].note == "figures from the payments team"
    changes = [e.changes for e in history(incident)]
    assert any("impact" in c for c in changes)
    assert incident.classifications.count() == 2
    assert incident.classifications.filter(is_current=True).count() == 1


def test_major_on_actual_figures_stays_major_when_figures_improve(compliance_user, entity):
    incident = record(compliance_user, entity)
    update_facts(incident, user=compliance_user, version=incident.version, impact=minor_impact())
    incident.refresh_from_db()
    current = incident.classifications.get(is_current=True)
    assert current.reclassification == "remains_major"
    assert incident.is_major and current.major


def test_major_on_estimates_only_may_be_reclassified(compliance_user, entity):
    impact = major_impact()
    impact["clients_affected_estimate"] = impact.pop("clients_affected")
    impact["service_downtime"] = "PT1H"
    impact["costs_eur_estimate"] = impact.pop("costs_eur") | {"redress": 90000}
    incident = record(compliance_user, entity, impact)
    assert incident.is_major
    update_facts(incident, user=compliance_user, version=incident.version, impact=minor_impact())
    incident.refresh_from_db()
    current = incident.classifications.get(is_current=True)
    assert current.reclassification == "reclassify_as_non_major"
    assert not incident.is_major


def test_links_outside_the_entity_refused(compliance_user, entity, other_entity):
    from midora.core.models import BusinessFunction

    foreign = BusinessFunction.objects.create(entity=other_entity, identifier="F-1", name="Other")
    data = IntakeData(
        title="x", timeline=timeline(), impact=minor_impact(), function_ids=[foreign.pk]
    )
    with pytest.raises(ValidationError) as info:
        intake(user=compliance_user, entity=entity, data=data, source="web")
    assert "function_ids[0]" in info.value.message_dict


def test_critical_function_link_opens_the_gate(compliance_user, entity):
    from midora.core.models import BusinessFunction

    function = BusinessFunction.objects.create(
        entity=entity,
        identifier="F-TRAD",
        name="Trading",
        criticality="critical",
        criticality_rationale="market",
    )
    impact = {k: v for k, v in major_impact().items() if k != "services_affected"}
    incident = record(compliance_user, entity, impact, function_ids=[function.pk])
    gate = incident.classifications.get().criteria[0]
    assert gate["met"] and "F-TRAD" in gate["why"]
    assert incident.is_major
