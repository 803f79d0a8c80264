"""Incident API: idempotent intake, 422 with field paths (never 500), reports, MiCA, scoping."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from midora.core.choices import Role
from midora.incidents.engine.report_content import validate_report
from midora.incidents.models import Incident
from tests.factories import make_user

from .app_fixtures import REPORT_TEXT, major_impact, minor_impact

pytestmark = pytest.mark.django_db

BODY = {
    "title": "DDoS on the trading API",
    "occurred_at": "2025-03-11T08:00:00+01:00",
    "detected_at": "2025-03-11T08:30:00+01:00",
    "aware_at": "2025-03-11T09:00:00+01:00",
    "classified_at": "2025-03-11T11:30:00+01:00",
    "resolved_at": "2025-03-11T11:00:00+01:00",
}


def post(client, body, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(
        "/api/incidents/", json.dumps(body), content_type="application/json", headers=headers
    )


@pytest.fixture
def api(api_for, compliance_user):
    return api_for(compliance_user)


def test_intake_is_idempotent(api, entity):
    body = {**BODY, "entity_id": entity.pk, "impact": major_impact(), "report_text": REPORT_TEXT}
    first = post(api, body, key="siem-7781")
    assert first.status_code == 201, first.content
    again = post(api, body, key="siem-7781")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Incident.objects.count() == 1
    assert first.json()["is_major"] and first.json()["source"] == "api"
    other = post(api, body, key="siem-7782")
    assert other.status_code == 201 and Incident.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"aware_at": "2025-03-11T07:00:00+01:00"}, "aware_at"),
        ({"resolved_at": "2025-03-10T07:00:00+01:00"}, "resolved_at"),
        ({"impact": {"clients_affected": -5}}, "impact.clients_affected"),
        (
            {"impact": {"clients_using_service": 10, "clients_affected": 11}},
            "impact.clients_affected",
        ),
        (
            {"impact": {"transactions_affected_pct_of_daily_avg_number": 101}},
            "impact.transactions_affected_pct_of_daily_avg_number",
        ),
        ({"impact": {"service_downtime": "two hours"}}, "impact.service_downtime"),
        ({"crypto_services": ["lending"]}, "crypto_services[0]"),
    ],
)
def test_invalid_intake_is_422_with_path(api, entity, change, loc):
    response = post(api, {**BODY, "entity_id": entity.pk, **change})
    assert response.status_code == 422, response.content
    locs = [d["loc"][-1] for d in response.json()["detail"]]
    assert loc in locs
    assert not Incident.objects.exists()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=12), children, max_size=3)
    ),
    max_leaves=8,
)
impact_keys = st.sampled_from(
    [
        "clients_affected",
        "clients_using_service",
        "costs_eur",
        "data_impact",
        "reputational",
        "services_affected",
        "service_downtime",
        "member_states_impacted",
        "counterparts_total",
    ]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(impact=st.dictionaries(impact_keys, json_values, max_size=4))
def test_api_never_answers_500(api, entity, impact):
    response = post(api, {**BODY, "entity_id": entity.pk, "impact": impact})
    assert response.status_code in (201, 422), response.content


def test_facts_read_update_and_history(api, entity):
    created = post(api, {**BODY, "entity_id": entity.pk, "impact": minor_impact()}).json()
    url = f"/api/incidents/{created['id']}/facts"
    facts = api.get(url).json()
    assert facts["revisions"] == 1
    changed = api.put(
        url,
        json.dumps({"version": facts["version"], "impact": major_impact(), "note": "escalated"}),
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["revisions"] == 2
    stale = api.put(url, json.dumps({"version": 1, "impact": {}}), content_type="application/json")
    assert stale.status_code == 409
    bad = api.put(
        url,
        json.dumps({"version": changed.json()["version"], "aware_at": "2025-03-01T00:00:00Z"}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "aware_at"
    history = api.get(f"/api/incidents/{created['id']}/classifications").json()
    assert [h["major"] for h in history] == [False, True]
    assert api.post(f"/api/incidents/{created['id']}/classify").json()["major"] is True


def test_report_export_validates_and_sent_report_is_frozen(api, entity):
    created = post(
        api,
        {
            **BODY,
            "description": "DDoS",
            "entity_id": entity.pk,
            "impact": major_impact(),
            "report_text": REPORT_TEXT,
        },
    ).json()
    deadlines = api.get(f"/api/incidents/{created['id']}/deadlines").json()
    assert [d["stage"] for d in deadlines] == ["initial_notification"]
    assert deadlines[0]["due"].startswith("2025-03-11T15:30:00")
    report = api.post(
        f"/api/incidents/{created['id']}/reports",
        json.dumps({"stage": "initial_notification"}),
        content_type="application/json",
    ).json()
    assert report["missing"] == []
    document = api.get(f"/api/incidents/reports/{report['id']}/export").json()
    assert validate_report(document) == []
    sent = api.post(f"/api/incidents/reports/{report['id']}/send")
    assert sent.status_code == 200 and len(sent.json()["sha256"]) == 64
    assert api.post(f"/api/incidents/reports/{report['id']}/send").status_code == 409
    deadlines = api.get(f"/api/incidents/{created['id']}/deadlines").json()
    assert deadlines[0]["state"] in ("sent", "sent_late")
    assert deadlines[1]["stage"] == "intermediate_report"


def test_incomplete_report_cannot_be_sent(api, entity):
    created = post(api, {**BODY, "entity_id": entity.pk, "impact": major_impact()}).json()
    report = api.post(
        f"/api/incidents/{created['id']}/reports",
        json.dumps({"stage": "initial_notification"}),
        content_type="application/json",
    ).json()
    assert {m["path"] for m in report["missing"]} >= {
        "primaryContact.email",
        "incident.incidentDiscovery",
    }
    response = api.post(f"/api/incidents/reports/{report['id']}/send")
    assert response.status_code == 422
    assert "primaryContact.email" in [d["loc"][-1] for d in response.json()["detail"]]


def test_mica_decisions(api, entity):
    created = post(api, {**BODY, "entity_id": entity.pk, "impact": major_impact()}).json()
    url = f"/api/incidents/{created['id']}/mica-decisions"
    assert len(api.get(url).json()) == 8
    ok = api.put(
        f"{url}/bcp_activation",
        json.dumps({"decision": "yes", "rationale": "failover"}),
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["owner"] == "compliance"
    missing = api.put(
        f"{url}/complaints_handling",
        json.dumps({"decision": "no"}),
        content_type="application/json",
    )
    assert missing.status_code == 422
    assert (
        api.put(
            f"{url}/nonsense",
            json.dumps({"decision": "no", "rationale": "x"}),
            content_type="application/json",
        ).status_code
        == 404
    )


def test_scoping(api_for, api, entity, other_entity):
    outsider = make_user("outsider", Role.COMPLIANCE_MANAGER, [other_entity])
    theirs = post(
        api_for(outsider), {**BODY, "entity_id": other_entity.pk, "impact": minor_impact()}
    ).json()
    assert api.get(f"/api/incidents/{theirs['id']}").status_code == 404
    assert api.get(f"/api/incidents/{theirs['id']}/facts").status_code == 404
    assert all(i["id"] != theirs["id"] for i in api.get("/api/incidents/").json()["items"])
    refused = post(api, {**BODY, "entity_id": other_entity.pk})
    assert refused.status_code == 422
    auditor = api_for(make_user("aud", Role.AUDITOR, [entity]))
    assert post(auditor, {**BODY, "entity_id": entity.pk}).status_code == 403


def test_intake_answers_what_reading_the_incident_answers(api_for, entity, other_entity):
    """The intake writes its answer without django-ninja's output validation, and a new record's
    links are not read back: the JSON is the record's read, byte for byte, new or retried."""
    from midora.core.models import BusinessFunction

    user = make_user("both", Role.COMPLIANCE_MANAGER, [entity, other_entity])
    api = api_for(user)
    functions = [
        BusinessFunction.objects.create(entity=entity, identifier=f"F-{n}", name="Custody")
        for n in (1, 2)
    ]
    body = {
        **BODY,
        "entity_id": entity.pk,
        "impact": major_impact(),
        "function_ids": [functions[1].pk, functions[0].pk, functions[1].pk],
        "affected_entity_ids": [other_entity.pk],
        "crypto_services": ["custody"],
    }
    created = post(api, body, key="siem-1")
    assert created.status_code == 201, created.content
    read = api.get(f"/api/incidents/{created.json()['id']}")
    assert created["Content-Type"] == read["Content-Type"]
    # a new record answers its times as they were sent (+01:00), a read as stored (UTC)
    times = [k for k in read.json() if k.endswith("_at")]
    assert times and list(created.json()) == list(read.json())
    for key, value in created.json().items():
        if key in times:
            assert dt.datetime.fromisoformat(value) == dt.datetime.fromisoformat(read.json()[key])
        else:
            assert value == read.json()[key], key
    assert created.json()["function_ids"] == sorted(f.pk for f in functions)
    assert created.json()["affected_entity_ids"] == [other_entity.pk]
    again = post(api, body, key="siem-1")
    assert again.status_code == 200 and again.content == read.content


@pytest.mark.django_db(transaction=True)  # what its commit runs counts too
def test_intake_query_budget(api_for, compliance_user, entity):
    """One request: the token with its user and role, the granted entities, the entity, the
    idempotency key, the entity's services, the write transaction; the links of a new record are
    not read back, nor its entity and owner checked again, and the alert check that the first
    call queued (it has not started yet) serves the second without a look at the queue."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_for(compliance_user)
    body = {
        **BODY,
        "entity_id": entity.pk,
        "impact": major_impact(),
        "crypto_services": ["custody"],
    }
    assert post(api, body, key="warm").status_code == 201  # content types, token last used
    with CaptureQueriesContext(connection) as ctx:
        assert post(api, body, key="counted").status_code == 201
    sqls = [q["sql"] for q in ctx.captured_queries]
    # PostgreSQL adds two statements: the entity's row lock for the numbering and the audit
    # chain's advisory lock (SQLite has one writer)
    budget = 16 if connection.vendor == "postgresql" else 14
    assert len(sqls) <= budget, sqls
    if connection.vendor == "postgresql":
        assert sum("pg_advisory_xact_lock" in s for s in sqls) == 1, sqls
    assert not any('userprofile" WHERE' in s for s in sqls), sqls  # the role came with the token
    assert not any("django_tasks_database_dbtaskresult" in s for s in sqls), sqls
    assert not any(s.startswith('SELECT 1 AS "a" FROM "auth_user"') for s in sqls), sqls
    links = ("incident_functions", "incident_ict_assets", "incident_affected_entities")
    assert not any(s.startswith("SELECT") and any(t in s for t in links) for s in sqls), sqls
