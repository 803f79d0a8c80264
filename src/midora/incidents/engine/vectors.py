"""Classify a document of incident cases (RTS-C Art 8; RTS-R Art 5; DORA Art 19(3)).

Each case is validated once into plain values, classified, and written in the shape of the
worked examples' `expected` block; the criterion-by-criterion reasons are built only when
`explain` is asked for.
"""

from __future__ import annotations

import contextlib
import gc
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from midora.incidents.engine import schema
from midora.incidents.engine.classification import RULESET_VERSION, ReviewFlag, assess
from midora.incidents.engine.classification import explain as explain_assessment
from midora.incidents.engine.deadlines import (
    ExplicitHolidays,
    HolidayCalendar,
    deadline_stages,
    member_state_calendar,
)
from midora.incidents.engine.errors import InvalidIncidentInput
from midora.incidents.engine.estimates import classify_estimates_case
from midora.incidents.engine.facts import (
    EntityProfile,
    ImpactFacts,
    case_facts,
    entity_profile,
    facts_of_case,
    holidays_reference,
    timeline_facts,
)
from midora.incidents.engine.group_facts import recurring_group, threat_facts
from midora.incidents.engine.reader import CASE_KEYS, closed
from midora.incidents.engine.recurring import classify_recurring
from midora.incidents.engine.results import (
    THREAT_CONTENT,
    cost_hints,
    criteria_rows,
    deadline_rows,
    flag_rows,
    number,
    recurring_client_notice,
    shared_client_notice,
    utc,
)
from midora.incidents.engine.template_hints import suggest_incident_type_hints
from midora.incidents.engine.threats import THREAT_MATERIALISED, significant_cyber_threat
from midora.incidents.engine.timeline import Timeline

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Lists = Mapping[str, HolidayCalendar]
# Case kinds other than one incident: read by the schema, then by their own builders.
OTHER_KINDS = frozenset(
    {"recurring_group", "threat", "estimates", "actuals", "actuals_established_at"}
)
INCIDENT_CASE_KEYS = CASE_KEYS - OTHER_KINDS


def load_document(path: Path) -> Any:
    """Read a JSON file with `json`, anything else as YAML with the C loader when available."""
    text = path.read_bytes()
    if path.suffix.lower() == ".json" or text.lstrip()[:1] in (b"{", b"["):
        try:
            return json.loads(text)
        except ValueError as exc:
            if path.suffix.lower() == ".json":
                raise InvalidIncidentInput(str(path), f"not valid JSON: {exc}") from None
    try:
        return yaml.load(text, Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        raise InvalidIncidentInput(str(path), f"not valid YAML or JSON: {exc}") from None


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for a batch. Classifying allocates many small
    objects and keeps every result, so the collector would walk the cases and the results kept
    so far again and again (half the time of an explained batch); the engine makes no reference
    cycles, and whatever the batch leaves is collected when the collector resumes."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def classify_document(doc: Any, explain: bool = True) -> list[dict[str, Any]]:
    """Classify every case of a vectors document, or one bare `input` document."""
    if isinstance(doc, Mapping) and "vectors" in doc:
        lists = holiday_lists((doc.get("meta") or {}).get("holidays") or {})
        vectors = doc["vectors"]
        if not isinstance(vectors, list):
            raise InvalidIncidentInput("vectors", "expected a list")
        with collector_paused():
            return [_run(vid, case, lists, explain) for vid, case in _resolve_same_as(vectors)]
    if isinstance(doc, Mapping) and "input" in doc:
        lists = holiday_lists((doc.get("meta") or {}).get("holidays") or {})
        return [_run(str(doc.get("id", "input")), doc["input"], lists, explain)]
    raise InvalidIncidentInput("(document)", "expected a 'vectors' list or an 'input' mapping")


def holiday_lists(raw: Any) -> dict[str, ExplicitHolidays]:
    """The named holiday lists of a document's `meta.holidays`."""
    if not isinstance(raw, Mapping):
        raise InvalidIncidentInput("meta.holidays", "expected a mapping of name to date list")
    out = {}
    for name, days in raw.items():
        if not isinstance(days, list):
            raise InvalidIncidentInput(f"meta.holidays.{name}", "expected a list of dates")
        out[str(name)] = ExplicitHolidays(
            schema.date_value(d, f"meta.holidays.{name}[{i}]") for i, d in enumerate(days)
        )
    return out


def _resolve_same_as(vectors: list[Any]) -> list[tuple[str, Any]]:
    """Each vector's id and input, a `{same_as: ID}` part replaced by that earlier vector's."""
    by_id: dict[str, Any] = {}
    out = []
    for i, vec in enumerate(vectors):
        if not isinstance(vec, Mapping) or not isinstance(vec.get("id"), str):
            raise InvalidIncidentInput(f"vectors[{i}].id", "each vector needs a text id")
        vid, case = vec["id"], vec.get("input")
        if not isinstance(case, Mapping):
            raise InvalidIncidentInput("input", "required mapping is missing", vid)
        refs = [k for k, part in case.items() if isinstance(part, Mapping) and "same_as" in part]
        if refs:
            case = dict(case)
            for key in refs:
                if len(case[key]) != 1:
                    continue
                ref = case[key]["same_as"]
                if ref not in by_id or key not in by_id[ref]:
                    raise InvalidIncidentInput(
                        f"input.{key}.same_as", f"no earlier vector {ref!r} with {key!r}", vid
                    )
                case[key] = by_id[ref][key]
        by_id[vid] = case
        out.append((vid, case))
    return out


def _run(vid: str, case: Any, lists: Lists, explain: bool) -> dict[str, Any]:
    try:
        return {"id": vid, **classify_case(case, lists, explain)}
    except InvalidIncidentInput as exc:
        raise exc.for_vector(vid) from None


def calendar_for_case(ref: Any, entity: EntityProfile, lists: Lists) -> HolidayCalendar:
    """RTS-R Art 5(4): a named or explicit holiday list, else the Member State's holidays."""
    if type(ref) is str and ref in lists:
        return lists[ref]
    parsed = holidays_reference(ref, "input.bank_holidays")
    if parsed is None:
        return member_state_calendar(entity.member_state)
    if isinstance(parsed, str):
        if parsed not in lists:
            raise InvalidIncidentInput("input.bank_holidays", f"unknown holiday list {parsed!r}")
        return lists[parsed]
    return ExplicitHolidays(parsed)


def classify_case(case: Any, lists: Lists | None = None, explain: bool = True) -> dict[str, Any]:
    """One case: an incident, a recurring group or a threat, in the examples' `expected` shape."""
    lists = lists or {}
    try:
        read = _plain_incident(case, lists)
    except InvalidIncidentInput:
        read = None  # the schema below names the field and the reason
    if read is not None:
        entity, impact, timeline, calendar = read
        return incident_outcome(entity, impact, timeline, calendar, explain)
    return _classify_validated(schema.validate(schema.CASE, case, "input"), lists, explain)


def _plain_incident(
    case: Any, lists: Lists
) -> tuple[EntityProfile, ImpactFacts, Timeline, HolidayCalendar] | None:
    """A single-incident case read in one pass (entity, impact, timeline) with its calendar;
    None for the other kinds."""
    if type(case) is not dict or not case.keys() <= INCIDENT_CASE_KEYS:  # one pass, usually
        closed(case, CASE_KEYS, "input")  # refused if a key is unknown
        if not OTHER_KINDS.isdisjoint(case):
            return None
    if case.get("incident") is None:
        return None
    entity, impact, timeline, _ = case_facts(case, "input")
    ref = case.get("bank_holidays")
    if type(ref) is str and ref in lists:  # a named list: `calendar_for_case` without the call
        return entity, impact, timeline, lists[ref]
    return entity, impact, timeline, calendar_for_case(ref, entity, lists)


def _classify_validated(c: dict[str, Any], lists: Lists, explain: bool) -> dict[str, Any]:
    get = c.get
    incident, group, threat = get("incident"), get("recurring_group"), get("threat")
    if (incident is not None) + (group is not None) + (threat is not None) != 1:
        raise InvalidIncidentInput("input", "give exactly one of incident, recurring_group, threat")
    entity = entity_profile(c["entity"], "input.entity")
    if threat is not None:
        timeline = timeline_facts(get("timeline"), "input.timeline")
        return _threat_output(threat_facts(threat, timeline.detected_at))
    calendar = calendar_for_case(get("bank_holidays"), entity, lists)
    if group is not None:
        return _recurring_output(c, entity, calendar)
    if "estimates" in c or "actuals" in c or "actuals_established_at" in c:
        return classify_estimates_case(c, calendar, explain, incident_result)
    return incident_result(facts_of_case(c, "input", entity), calendar, explain)


def incident_result(facts: Any, calendar: HolidayCalendar, explain: bool) -> dict[str, Any]:
    """RTS-C Art 8(1), RTS-R Art 5 and DORA Art 19(3) for one incident's facts."""
    return incident_outcome(facts.entity, facts.impact, facts.timeline, calendar, explain)


def incident_outcome(
    entity: EntityProfile,
    impact: ImpactFacts,
    timeline: Timeline,
    calendar: HolidayCalendar,
    explain: bool,
) -> dict[str, Any]:
    """`incident_result` on the parts of an incident's facts."""
    a = assess(impact, entity.member_state, timeline.aware_at)
    major = a.major
    deadlines = deadline_stages(entity, timeline, calendar) if major else None
    economic = number(a.economic_impact_eur)
    out: dict[str, Any] = {
        "critical_services_affected": a.gate,
        "thresholds": a.thresholds(),
        "major": major,
        "reportable": major,
        "economic_impact_counted_eur": economic,
        "deadlines": deadline_rows(deadlines),
    }
    out.update(shared_client_notice(a, impact.impact_on_financial_interests_of_clients))
    # ITS fields 3.23/3.25 are suggested only from a description or a malicious access
    hints: dict[str, Any]
    if impact.description or impact.successful_malicious_unauthorised_access:
        hints = suggest_incident_type_hints(impact)
        if major:
            hints.update(cost_hints(economic, impact.financial_recoveries_eur))
    elif major:
        hints = cost_hints(economic, impact.financial_recoveries_eur)
    else:
        hints = {}
    out["template_hints"] = hints
    if impact.downtime_basis is not None:
        out["service_downtime"] = {
            "downtime": _iso_duration(impact.service_downtime),
            "explanation": impact.downtime_basis,
        }
    if explain:
        out["criteria"] = criteria_rows(
            explain_assessment(a, impact, entity.member_state, timeline.aware_at)
        )
    out["review_flags"] = flag_rows(a.review_flags) if a.review_flags else []
    out["ruleset_version"] = RULESET_VERSION
    return out


def _iso_duration(span: Any) -> str | None:
    if span is None:
        return None
    minutes = int(span.total_seconds() // 60)
    return f"PT{minutes // 60}H{minutes % 60}M"


def _recurring_output(
    c: dict[str, Any], entity: EntityProfile, calendar: HolidayCalendar
) -> dict[str, Any]:
    group = recurring_group(c["recurring_group"], "input.recurring_group")
    rec = classify_recurring(group, entity.microenterprise)
    timeline = timeline_facts(c.get("timeline"), "input.timeline")
    first_aware = min(o.aware_at for o in group.occurrences)
    deadlines = (
        deadline_stages(entity, timeline, calendar, aware_at=first_aware) if rec.major else None
    )
    out = {
        "recurring_rule_applicable": rec.applicable,
        "recurring_conditions": rec.conditions,
        "critical_services_affected": rec.collective.critical_services.met,
        "thresholds_collective": {t.key: t.met for t in rec.collective.thresholds},
        "major": rec.major,
        "reportable": rec.major,
        "deadlines": deadline_rows(deadlines),
    }
    out.update(recurring_client_notice(rec.major, group.impact_on_financial_interests_of_clients))
    out["template_hints"] = (
        {
            "4.15": "describe recurring non-major incidents",
            "4.16": [
                utc(o.occurred_at) for o in sorted(group.occurrences, key=lambda o: o.occurred_at)
            ],
        }
        if rec.major
        else {}
    )
    out["criteria"] = criteria_rows(rec.collective)
    out["why"] = rec.why
    out["review_flags"] = flag_rows(rec.review_flags)
    out["ruleset_version"] = rec.collective.ruleset_version
    return out


def _threat_output(threat: Any) -> dict[str, Any]:
    res = significant_cyber_threat(threat)
    weakness = dict(threat.probability_factors).get("exploitable_weakness")
    advice = "where applicable (DORA 19(3) 2nd subpara)"
    if weakness:
        advice += f" - consider advising clients on protection against: {weakness}"
    flags: tuple[ReviewFlag, ...] = ()
    if threat.materialised_at_entity:
        flags = (THREAT_MATERIALISED,)
    return {
        "significant_cyber_threat": res.significant,
        "major_incident": False,
        "mandatory_report": False,
        "voluntary_notification_permitted": res.significant,
        "voluntary_notification_deadline": None,
        "notification_content": THREAT_CONTENT if res.significant else None,
        "must_record_internally": True,
        "client_protection_information": advice if res.significant else None,
        "threat_conditions": res.conditions,
        "why": res.why,
        "review_flags": flag_rows(flags),
    }


def classify_file(path: Path, explain: bool = True) -> list[dict[str, Any]]:
    """Classify a YAML or JSON file (the `midora incident classify FILE` verb)."""
    return classify_document(load_document(path), explain)


def dumps(results: list[dict[str, Any]], pretty: bool = False) -> str:
    """Results as JSON: compact, or indented for reading."""
    if pretty:
        return json.dumps(results, indent=2, ensure_ascii=False)
    return json.dumps(results, ensure_ascii=False, separators=(",", ":"))
