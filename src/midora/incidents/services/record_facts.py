"""From incident records to the engine's facts (RTS-C Arts 1-7; RTS-R Art 5), refusing bad input.

Impact facts are kept on the incident as a JSON document in the worked examples' `incident`
format (without `occurred_at` / `resolved_at`, which are the incident's own timeline fields).
Every check names the field path of the offending value, relative to the incident.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from midora.core.compiled_reads import CompiledRead
from midora.incidents.engine.deadlines import HolidayCalendar, MemberStateHolidays
from midora.incidents.engine.errors import InvalidIncidentInput
from midora.incidents.engine.facts import IncidentFacts, facts_from_mapping

# RoI entity types (EBA closed list) -> the entity types of RTS-R Art 5(5).
ENTITY_TYPES = {
    "eba_CT:x303": "crypto_asset_service_provider",
    "eba_CT:x12": "credit_institution",
    "eba_CT:x643": "central_counterparty",
    "eba_CT:x305": "trading_venue",
}
# MiCA Art 3(1)(16) points, by the core's crypto-service codes.
SERVICE_LETTERS = {
    "custody": "a",
    "trading_platform": "b",
    "exchange_fiat": "c",
    "exchange_crypto": "d",
    "execution": "e",
    "placing": "f",
    "reception_transmission": "g",
    "advice": "h",
    "portfolio_management": "i",
    "transfer": "j",
}
TIMELINE_FIELDS = ("occurred_at", "detected_at", "aware_at", "classified_at", "resolved_at")
OWN_TIMELINE_KEYS = frozenset({"occurred_at", "resolved_at"})
SUBMISSION_KEYS = (
    "initial_submitted_at",
    "intermediate_submitted_at",
    "latest_intermediate_submitted_at",
)


class FactsError(ValidationError):
    """Invalid impact facts or timeline: {field path: reason}."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__({path: [reason]})
        self.path, self.reason = path, reason


def field_path(engine_path: str) -> str:
    """An engine path (`facts.incident.clients_affected`) as a path on the incident record."""
    rest = engine_path.removeprefix("facts.")
    for prefix, replacement in (("incident.", "impact."), ("timeline.", "")):
        if rest.startswith(prefix):
            rest = replacement + rest[len(prefix) :]
            break
    if rest in ("impact.occurred_at", "impact.resolved_at"):
        rest = rest.removeprefix("impact.")
    return rest


def entity_mapping(entity: Any) -> dict[str, Any]:
    """The reporting entity as the engine reads it (RTS-R Art 5(5)-(6) inputs)."""
    return {
        "type": ENTITY_TYPES.get(entity.entity_type, "other_financial_entity"),
        "member_state": entity.country,
        "timezone": entity.time_zone,
        "microenterprise": bool(entity.is_microenterprise),
    }


def _offered(entity_id: int) -> QuerySet:
    from midora.core.models import ServiceOffering

    rows = ServiceOffering.objects.filter(entity_id=entity_id, status="active")
    return rows.order_by().values_list("service")


_active_services = CompiledRead(_offered)  # read by every intake


def derived_services(
    entity: Any, functions: Iterable[Any], crypto_services: Iterable[str]
) -> list[dict[str, Any]]:
    """RTS-C Art 6(a)/(b): the linked business functions and crypto-asset services as services."""
    functions = list(functions)
    crypto_services = list(crypto_services)
    offered = (
        {service for (service,) in _active_services(entity.pk)}
        if entity.pk and (functions or crypto_services)  # nothing to look up otherwise
        else set()
    )
    out = []
    for function in functions:
        supported = set(function.crypto_services or [])
        out.append(
            {
                "name": str(function),
                "supports_critical_or_important_function": function.is_critical,
                "authorised_crypto_asset_service": bool(supported & offered),
            }
        )
    for code in crypto_services:
        out.append(
            {
                "name": code,
                "supports_critical_or_important_function": False,
                "authorised_crypto_asset_service": code in offered,
                "crypto_asset_service": SERVICE_LETTERS.get(code),
            }
        )
    return out


def _iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def check_facts(
    entity: Any,
    impact: Any,
    timeline: Mapping[str, dt.datetime | None],
    services: list[dict[str, Any]] = (),  # type: ignore[assignment]
    submissions: Mapping[str, dt.datetime | None] | None = None,
) -> IncidentFacts:
    """Validate impact facts and timeline together; raise FactsError naming the field."""
    if not isinstance(impact, Mapping):
        raise FactsError(
            "impact", f"expected a mapping of impact facts, got {type(impact).__name__}"
        )
    for key in OWN_TIMELINE_KEYS & impact.keys():
        raise FactsError(f"impact.{key}", f"give {key} as the incident's own timeline field")
    doc = dict(impact)
    explicit = doc.get("services_affected") or []
    if not isinstance(explicit, list):
        raise FactsError("impact.services_affected", "expected a list of services")
    doc["services_affected"] = [*explicit, *services]
    doc["occurred_at"] = _iso(timeline.get("occurred_at"))
    doc["resolved_at"] = _iso(timeline.get("resolved_at"))
    times = {
        "aware_at": _iso(timeline.get("aware_at")),
        "classified_at": _iso(timeline.get("classified_at")),
        "detected_at": _iso(timeline.get("detected_at")),
        **{k: _iso(v) for k, v in (submissions or {}).items()},
    }
    _check_detection(timeline)
    try:
        return facts_from_mapping(
            {"entity": entity_mapping(entity), "incident": doc, "timeline": times}, "facts"
        )
    except InvalidIncidentInput as exc:
        path = field_path(exc.path)
        if path.startswith("impact.services_affected[") and explicit:
            index = int(path.split("[", 1)[1].split("]", 1)[0])
            if index >= len(explicit):
                path = "links"
        raise FactsError(path, exc.reason) from None


def _check_detection(timeline: Mapping[str, dt.datetime | None]) -> None:
    occurred, detected = timeline.get("occurred_at"), timeline.get("detected_at")
    if occurred and detected and detected < occurred:
        raise FactsError("detected_at", "detected before the incident occurred")


def timeline_of(incident: Any) -> dict[str, dt.datetime | None]:
    return {name: getattr(incident, name) for name in TIMELINE_FIELDS}


def submission_times(incident: Any) -> dict[str, dt.datetime | None]:
    """RTS-R Art 5(1)(b)-(c) anchors: the actual send times of the incident's reports."""
    sent = sorted((r.sent_at, r.stage) for r in incident.reports.all() if r.sent_at is not None)
    initial = [t for t, s in sent if s == "initial_notification"]
    intermediate = [t for t, s in sent if s == "intermediate_report"]
    return {
        "initial_submitted_at": initial[0] if initial else None,
        "intermediate_submitted_at": intermediate[0] if intermediate else None,
        "latest_intermediate_submitted_at": intermediate[-1] if intermediate else None,
    }


def incident_facts(incident: Any) -> IncidentFacts:
    """The engine's facts of a stored incident, with its actual submission times."""
    services = derived_services(
        incident.entity, incident.functions.all(), incident.crypto_services or []
    )
    return check_facts(
        incident.entity,
        incident.impact or {},
        timeline_of(incident),
        services,
        submission_times(incident),
    )


def calendar_for(entity: Any) -> HolidayCalendar:
    """RTS-R Art 5(4): the bank holidays of the competent authority's country, as adjusted by it.

    The authority profile gives the calendar (public plus bank holidays, its own overrides);
    an entity without a profile falls back to its country's public holidays.
    """
    from midora.incidents.engine.clock import AuthorityHolidays
    from midora.incidents.models import HolidayOverride

    authority = entity.authority
    base = authority.calendar() if authority is not None else MemberStateHolidays(entity.country)
    rows = HolidayOverride.objects.filter(country=entity.authority_country)
    if authority is not None:
        rows = rows.filter(competent_authority__in=[authority.code, authority.short_name])
    else:
        rows = rows.none()
    added = [r.day for r in rows if r.kind == "add"]
    removed = [r.day for r in rows if r.kind == "remove"]
    return AuthorityHolidays(base, added, removed) if added or removed else base
