"""Reading a case in one pass gives what the schema path gives: the same results for valid
input, and for invalid input the same refusal (field path and reason) as the schema names."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import AwareDatetime, TypeAdapter, ValidationError

from midora.incidents.engine import facts, reader, results, schema, vectors
from midora.incidents.engine.classification import client_notification_required
from midora.incidents.engine.errors import InvalidIncidentInput
from midora.incidents.engine.vectors import classify_case

from .test_engine_equivalence import NEW_LISTS, cases

JUNK = [
    None,
    True,
    False,
    0,
    1,
    -1,
    2**70,
    1.5,
    100.0,
    101.0,
    float("nan"),
    "",
    "x",
    "none",
    "yes",
    "information_not_available",
    "FR",
    "fr",
    "PT2H",
    "PT2H\n",
    "P",
    "2025-03-11T08:00:00",
    "2025-03-11T08:00:00+01",
    "2025-03-11T08:00:00+01:00",
    "2025-03-11T08:00:00.5Z",
    "2025-03-11 08:00:00Z",
    "20250311T080000Z",
    "2025-W11-2T08:00:00+01:00",
    datetime(2025, 3, 11, 8, tzinfo=UTC),
    datetime(2025, 3, 11, 8),
    [],
    ["FR", "DE"],
    ["FR", 1],
    [{}],
    [{"name": "svc", "supports_critical_or_important_function": 1}],
    {},
    {"media": True},
    {"media": 1},
    {"integrity": True, "adverse_impact_established": None},
    {"redress": 5},
    {"coffee": 3},
]
KEYS = sorted(reader.INCIDENT_KEYS | reader.TIMELINE_KEYS | reader.ENTITY_KEYS | reader.CASE_KEYS)


def schema_path(case):
    """The case through the schema, then the facts builders (the precise path)."""
    return vectors._classify_validated(schema.validate(schema.CASE, case, "input"), NEW_LISTS, True)


def outcome(run, case):
    try:
        return run(copy.deepcopy(case))
    except InvalidIncidentInput as exc:
        return ("refused", exc.path, exc.reason)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_valid_cases_are_read_in_one_pass_with_the_schema_results(case):
    assert vectors._plain_incident(copy.deepcopy(case), NEW_LISTS) is not None
    assert classify_case(copy.deepcopy(case), NEW_LISTS) == schema_path(case)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.sampled_from(KEYS), st.sampled_from(range(len(JUNK))))
def test_any_value_anywhere_gives_the_schema_outcome(case, key, junk):
    block = (
        case
        if key in reader.CASE_KEYS
        else case["entity"]
        if key in reader.ENTITY_KEYS
        else case["timeline"]
        if key in reader.TIMELINE_KEYS
        else case["incident"]
    )
    block[key] = copy.deepcopy(JUNK[junk])
    assert outcome(lambda c: classify_case(c, NEW_LISTS), case) == outcome(schema_path, case)


MOMENTS = TypeAdapter(AwareDatetime)


@pytest.mark.parametrize("value", [v for v in JUNK if isinstance(v, str | datetime)])
def test_a_moment_is_read_only_as_the_schema_reads_it(value):
    try:
        read = reader.moment(value, "input", "at")
    except InvalidIncidentInput:
        return  # refused here; the schema path decides the reason
    expected = MOMENTS.validate_python(value)
    assert read == expected and read.utcoffset() == expected.utcoffset()


@given(
    st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=-5, minutes=-30))])),
    st.sampled_from(["seconds", "milliseconds", "microseconds"]),
)
def test_iso_moments_read_as_the_schema_reads_them(moment, spec):
    text = moment.isoformat(timespec=spec)
    try:
        expected = MOMENTS.validate_python(text)
    except ValidationError:
        with pytest.raises(InvalidIncidentInput):
            reader.moment(text, "input", "at")
        return
    assert reader.moment(text, "input", "at") == expected


@given(
    st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.sampled_from(
            [
                ZoneInfo("Europe/Paris"),
                ZoneInfo("America/Sao_Paulo"),
                ZoneInfo("Asia/Kolkata"),
                UTC,
                timezone(timedelta(hours=-5, minutes=-30)),
            ]
        ),
    ),
)
def test_deadline_moments_are_written_as_isoformat_writes_them(moment):
    assert results.iso(moment) == moment.isoformat()
    assert results.iso(moment) == moment.isoformat()  # the second time from the kept texts


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_incidents_giving_only_the_usual_facts_read_as_the_schema_reads_them(case):
    """Most incidents give none of the seldom-given facts; the reader then looks none of them up."""
    for key in facts.SELDOM_GIVEN:
        case["incident"].pop(key, None)
    assert case["incident"].keys().isdisjoint(facts.SELDOM_GIVEN)
    assert classify_case(copy.deepcopy(case), NEW_LISTS) == schema_path(case)
    brief = classify_case(copy.deepcopy(case), NEW_LISTS, explain=False)
    assert brief == {k: v for k, v in schema_path(case).items() if k != "criteria"}


@pytest.mark.parametrize("field_3_30", [None, True, False, schema.NOT_AVAILABLE])
@pytest.mark.parametrize("major", [True, False])
def test_each_client_notice_is_written_once_and_handed_out_as_a_copy(major, field_3_30):
    verdict = results.Verdict(major)
    first = results.client_notice(verdict, field_3_30)
    required, why = client_notification_required(verdict, field_3_30)
    assert first == {
        "client_notification_required": required,
        "client_notification_timing": results.CLIENT_NOTIFICATION_TIMING
        if required is True
        else None,
        "client_notification_why": why,
    }
    first["client_notification_required"] = "changed by a caller"
    assert results.client_notice(verdict, field_3_30)["client_notification_required"] == required
