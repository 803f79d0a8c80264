"""Impossible or malformed input is refused with the vector id, field path and reason."""

from __future__ import annotations

import copy

import pytest

from midora.incidents.commands import classify as classify_cli
from midora.incidents.engine.errors import InvalidIncidentInput
from midora.incidents.engine.facts import facts_from_mapping
from midora.incidents.engine.vectors import classify_case, classify_document, holiday_lists

from .conftest import load_vectors

DOC = load_vectors()
LISTS = holiday_lists(DOC["meta"]["holidays"])
P02 = next(v for v in DOC["vectors"] if v["id"] == "P02")["input"]


def case(**changes):
    data = copy.deepcopy(P02)
    for dotted, value in changes.items():
        *parents, leaf = dotted.split("__")
        node = data
        for p in parents:
            node = node[p]
        node[leaf] = value
    return data


@pytest.mark.parametrize(
    ("changes", "path", "reason"),
    [
        (
            {"timeline__aware_at": "2025-03-11T07:00:00+01:00"},
            "input.timeline.aware_at",
            "aware before the incident occurred",
        ),
        (
            {"incident__resolved_at": "2025-03-11T07:00:00+01:00"},
            "input.incident.resolved_at",
            "resolved before it occurred",
        ),
        (
            {"timeline__classified_at": "2025-03-11T08:30:00+01:00"},
            "input.timeline.classified_at",
            "classified before aware",
        ),
        (
            {"timeline__intermediate_submitted_at": "2025-03-11T13:00:00+01:00"},
            "input.timeline.intermediate_submitted_at",
            "before initial notification",
        ),
        ({"incident__clients_affected": -1}, "input.incident.clients_affected", "negative"),
        (
            {"incident__clients_affected": 100001},
            "input.incident.clients_affected",
            "share above 100 %",
        ),
        (
            {"incident__transactions_affected_pct_of_daily_avg_value": 100.5},
            "input.incident.transactions_affected_pct_of_daily_avg_value",
            "0..100 %",
        ),
        ({"incident__client_count": 5}, "input.incident.client_count", "unknown key"),
        ({"incident__clients_affected": "many"}, "input.incident.clients_affected", "whole number"),
        (
            {"incident__successful_malicious_unauthorised_access": "no"},
            "input.incident.successful_malicious_unauthorised_access",
            "true or false",
        ),
        (
            {"incident__occurred_at": "2025-03-11T08:00:00"},
            "input.incident.occurred_at",
            "UTC offset",
        ),
        (
            {"incident__service_downtime": "2 hours"},
            "input.incident.service_downtime",
            "ISO 8601 duration",
        ),
        (
            {"incident__costs_eur": {"coffee": 10}},
            "input.incident.costs_eur.coffee",
            "unknown cost category",
        ),
        ({"entity__timezone": "Mars/Olympus"}, "input.entity.timezone", "unknown IANA"),
    ],
)
def test_invalid_input_refused_with_path_and_reason(changes, path, reason):
    with pytest.raises(InvalidIncidentInput) as exc:
        facts_from_mapping(case(**changes))
    assert exc.value.path == path
    assert reason in exc.value.reason
    with pytest.raises(InvalidIncidentInput) as classified:
        classify_case(case(**changes), LISTS)
    assert (classified.value.path, classified.value.reason) == (path, exc.value.reason)


def test_refusal_names_the_vector():
    doc = copy.deepcopy(DOC)
    doc["vectors"][1]["input"]["incident"]["counterparts_affected"] = -3
    with pytest.raises(InvalidIncidentInput) as exc:
        classify_document(doc)
    assert exc.value.vector_id == "P02"
    assert str(exc.value).startswith("vector P02: input.incident.counterparts_affected:")


def test_unknown_same_as_reference_refused():
    doc = copy.deepcopy(DOC)
    doc["vectors"][5]["input"]["incident"] = {"same_as": "P99"}
    with pytest.raises(InvalidIncidentInput, match=r"vector P06: input\.incident\.same_as"):
        classify_document(doc)


def test_unknown_holiday_list_refused():
    doc = copy.deepcopy(DOC)
    doc["vectors"][1]["input"]["bank_holidays"] = "XX_2025"
    with pytest.raises(InvalidIncidentInput, match="unknown holiday list 'XX_2025'"):
        classify_document(doc)


def test_command_returns_2_on_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "input:\n  entity: {member_state: FR, timezone: Europe/Paris}\n"
        "  incident: {clients_affected: -5}\n"
    )
    assert classify_cli.main([str(bad)]) == 2
    err = capsys.readouterr().err
    assert "input.incident.clients_affected" in err and "negative" in err
    assert classify_cli.main([str(tmp_path / "missing.yaml")]) == 2
