"""Classify a document of incident cases (RTS-C Art 8; RTS-R Art 5; DORA Art 19(3))."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from midora.incidents.engine.errors import InvalidIncidentInput

from .classification import (
    ClassificationResult,
    ReviewFlag,
    classify,
    classify_recurring,
    client_notification_required,
    significant_cyber_threat,
)
from .deadlines import (
    ExplicitHolidays,
    HolidayCalendar,
    MemberStateHolidays,
    StageDeadline,
    report_deadlines,
)
from .facts import (
    EntityProfile,
    entity_from_mapping,
    facts_from_mapping,
    holidays_reference,
    timeline_from_mapping,
)
from .group_facts import recurring_group_from_mapping, threat_from_mapping
from .reader import Reader, date_value
from .template_hints import suggest_incident_type_hints

CLIENT_NOTIFICATION_TIMING = "without undue delay from awareness (DORA 19(3)); no hour limit"
THREAT_CONTENT = "RTS-R Art 6 (a)-(j); ITS Art 8, Annex III template / Annex IV glossary"
_CASE_KEYS = ("entity", "bank_holidays", "incident", "recurring_group", "threat", "timeline")


def load_document(path: Path) -> Any:
    """Read a YAML or JSON document (JSON is valid YAML)."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InvalidIncidentInput(str(path), f"not valid YAML or JSON: {exc}") from None


def classify_document(doc: Any) -> list[dict[str, Any]]:
    """Classify every case of a vectors document, or one bare `input` document."""
    if isinstance(doc, Mapping) and "vectors" in doc:
        meta = doc.get("meta") or {}
        lists = _holiday_lists(meta.get("holidays") or {})
        vectors = doc["vectors"]
        if not isinstance(vectors, list):
            raise InvalidIncidentInput("vectors", "expected a list")
        resolved = _resolve_same_as(vectors)
        return [_run(vid, case, lists) for vid, case in resolved]
    if isinstance(doc, Mapping) and "input" in doc:
        lists = _holiday_lists((doc.get("meta") or {}).get("holidays") or {})
        return [_run(str(doc.get("id", "input")), doc["input"], lists)]
    raise InvalidIncidentInput("(document)", "expected a 'vectors' list or an 'input' mapping")


def _holiday_lists(raw: Any) -> dict[str, ExplicitHolidays]:
    if not isinstance(raw, Mapping):
        raise InvalidIncidentInput("meta.holidays", "expected a mapping of name to date list")
    out = {}
    for name, days in raw.items():
        if not isinstance(days, list):
            raise InvalidIncidentInput(f"meta.holidays.{name}", "expected a list of dates")
        out[str(name)] = ExplicitHolidays(
            date_value(d, f"meta.holidays.{name}[{i}]") for i, d in enumerate(days)
        )
    return out


def _resolve_same_as(vectors: list[Any]) -> list[tuple[str, Any]]:
    by_id: dict[str, Any] = {}
    out = []
    for i, vec in enumerate(vectors):
        if not isinstance(vec, Mapping) or not isinstance(vec.get("id"), str):
            raise InvalidIncidentInput(f"vectors[{i}].id", "each vector needs a text id")
        vid = vec["id"]
        if not isinstance(vec.get("input"), Mapping):
            raise InvalidIncidentInput("input", "required mapping is missing", vid)
        case = copy.deepcopy(dict(vec["input"]))
        for key, part in list(case.items()):
            if isinstance(part, Mapping) and set(part) == {"same_as"}:
                ref = part["same_as"]
                if ref not in by_id or key not in by_id[ref]:
                    raise InvalidIncidentInput(
                        f"input.{key}.same_as", f"no earlier vector {ref!r} with {key!r}", vid
                    )
                case[key] = copy.deepcopy(by_id[ref][key])
        by_id[vid] = case
        out.append((vid, case))
    return out


def _run(vid: str, case: Any, lists: dict[str, ExplicitHolidays]) -> dict[str, Any]:
    try:
        return {"id": vid, **classify_case(case, lists)}
    except InvalidIncidentInput as exc:
        raise exc.for_vector(vid) from None


def _calendar(
    ref: Any, entity: EntityProfile, lists: dict[str, ExplicitHolidays]
) -> HolidayCalendar:
    parsed = holidays_reference(ref, "input.bank_holidays")
    if parsed is None:
        return MemberStateHolidays(entity.member_state)
    if isinstance(parsed, str):
        if parsed not in lists:
            raise InvalidIncidentInput("input.bank_holidays", f"unknown holiday list {parsed!r}")
        return lists[parsed]
    return ExplicitHolidays(parsed)


def classify_case(case: Any, lists: dict[str, ExplicitHolidays] | None = None) -> dict[str, Any]:
    """One case: an incident, a recurring group or a threat, in the examples' `expected` shape."""
    lists = lists or {}
    r = Reader(case, "input", _CASE_KEYS)
    kinds = [k for k in ("incident", "recurring_group", "threat") if r.has(k)]
    if len(kinds) != 1:
        raise InvalidIncidentInput("input", "give exactly one of incident, recurring_group, threat")
    entity = entity_from_mapping(r.require("entity"), "input.entity")
    if kinds[0] == "threat":
        timeline = timeline_from_mapping(r.raw("timeline"), "input.timeline")
        return _threat_output(
            threat_from_mapping(r.raw("threat"), "input.threat", timeline.detected_at)
        )
    calendar = _calendar(r.raw("bank_holidays"), entity, lists)
    if kinds[0] == "recurring_group":
        return _recurring_output(r, entity, calendar)
    facts = facts_from_mapping({k: v for k, v in case.items() if k != "bank_holidays"}, "input")
    result = classify(facts.impact, entity.member_state, facts.timeline.aware_at)
    deadlines = report_deadlines(entity, facts.timeline, calendar) if result.major else None
    out = {
        "critical_services_affected": result.critical_services.met,
        "thresholds": _thresholds(result),
        "major": result.major,
        "reportable": result.major,
        "economic_impact_counted_eur": _number(result.economic_impact_eur),
        "deadlines": _deadlines(deadlines),
    }
    out.update(_client_notice(result, facts.impact.impact_on_financial_interests_of_clients))
    out["template_hints"] = {
        **suggest_incident_type_hints(facts.impact),
        **_hints_costs(result, facts.impact.financial_recoveries_eur),
    }
    out["criteria"] = _criteria(result)
    out["review_flags"] = _flags(result.review_flags)
    out["ruleset_version"] = result.ruleset_version
    return out


def _recurring_output(r: Reader, entity: EntityProfile, calendar: HolidayCalendar) -> dict:
    group = recurring_group_from_mapping(r.raw("recurring_group"), "input.recurring_group")
    rec = classify_recurring(group, entity.microenterprise)
    timeline = timeline_from_mapping(r.raw("timeline"), "input.timeline")
    first_aware = min(o.aware_at for o in group.occurrences)
    deadlines = (
        report_deadlines(entity, timeline, calendar, aware_at=first_aware) if rec.major else None
    )
    out = {
        "recurring_rule_applicable": rec.applicable,
        "recurring_conditions": rec.conditions,
        "critical_services_affected": rec.collective.critical_services.met,
        "thresholds_collective": _thresholds(rec.collective),
        "major": rec.major,
        "reportable": rec.major,
        "deadlines": _deadlines(deadlines),
    }
    out.update(_client_notice(rec.collective if rec.major else _non_major(rec.collective), None))
    out["template_hints"] = (
        {
            "4.15": "describe recurring non-major incidents",
            "4.16": [
                _utc(o.occurred_at) for o in sorted(group.occurrences, key=lambda o: o.occurred_at)
            ],
        }
        if rec.major
        else {}
    )
    out["criteria"] = _criteria(rec.collective)
    out["why"] = rec.why
    out["review_flags"] = _flags(rec.review_flags)
    out["ruleset_version"] = rec.collective.ruleset_version
    return out


def _non_major(result: ClassificationResult) -> ClassificationResult:
    from dataclasses import replace

    return replace(result, major=False)


def _threat_output(threat) -> dict[str, Any]:
    res = significant_cyber_threat(threat)
    weakness = dict(threat.probability_factors).get("exploitable_weakness")
    advice = "where applicable (DORA 19(3) 2nd subpara)"
    if weakness:
        advice += f" - consider advising clients on protection against: {weakness}"
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
        "review_flags": _flags(
            (
                ReviewFlag(
                    "threat_materialised",
                    "DORA Art 18",
                    "The threat materialised: classify it as an incident.",
                ),
            )
            if threat.materialised_at_entity
            else ()
        ),
    }


def _thresholds(result: ClassificationResult) -> dict[str, bool]:
    return {t.key: t.met for t in result.thresholds}


def _criteria(result: ClassificationResult) -> list[dict[str, Any]]:
    return [
        {"key": c.key, "article": c.article, "met": c.met, "why": c.why, "estimated": c.estimated}
        for c in (result.critical_services, *result.thresholds)
    ] + [
        {
            "key": "major",
            "article": "RTS-C Art 8(1)",
            "met": result.major,
            "why": result.why,
            "estimated": False,
        }
    ]


def _flags(flags) -> list[dict[str, str]]:
    return [{"code": f.code, "reference": f.reference, "message": f.message} for f in flags]


def _deadlines(deadlines: dict[str, StageDeadline] | None) -> dict[str, Any] | None:
    if deadlines is None:
        return None
    return {
        name: {
            "rule": d.rule,
            "base": d.base.isoformat(),
            "weekend_relief": d.weekend_relief,
            "due": d.due.isoformat(),
        }
        for name, d in deadlines.items()
    }


def _client_notice(result: ClassificationResult, impact: bool | None) -> dict[str, Any]:
    required, why = client_notification_required(result, impact)
    return {
        "client_notification_required": required,
        "client_notification_timing": CLIENT_NOTIFICATION_TIMING if required else None,
        "client_notification_why": why,
    }


def _hints_costs(result: ClassificationResult, recoveries) -> dict[str, str]:
    if not result.major:
        return {}
    hints = {
        "4.13": f"{_number(result.economic_impact_eur)} EUR gross (amount unit per NCA convention)"
    }
    if recoveries is not None:
        hints["4.14"] = f"{_number(recoveries)} EUR"
    return hints


def _number(value) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _utc(moment) -> str:
    from datetime import UTC

    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def classify_file(path: Path) -> list[dict[str, Any]]:
    """Classify a YAML or JSON file (the `midora incident classify FILE` verb)."""
    return classify_document(load_document(path))


def dumps(results: list[dict[str, Any]]) -> str:
    return json.dumps(results, indent=2, ensure_ascii=False)
