"""The incident input vocabulary as pydantic schemas (RTS-C 2024/1772 Arts 1-7; RTS-R 2025/301).

Each schema is a closed TypedDict compiled once by pydantic; a case is validated in one pass
into plain values (dicts of Python values, date-times parsed). A refusal becomes an
InvalidIncidentInput naming the full field path and the reason.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal, NotRequired

from pydantic import (
    AwareDatetime,
    ConfigDict,
    Field,
    Strict,
    StrictBool,
    StrictStr,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    with_config,
)
from typing_extensions import TypedDict

from midora.incidents.engine.errors import InvalidIncidentInput

NOT_AVAILABLE = "information_not_available"
_DURATION = re.compile(r"^P(?:(?P<d>\d+)D)?(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?)?$")


def moment_value(value: Any, path: str) -> datetime | None:
    """An ISO 8601 date-time with an explicit UTC offset."""
    if value is None:
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise InvalidIncidentInput(path, f"not an ISO 8601 date-time: {value!r}") from None
    else:
        raise InvalidIncidentInput(path, f"expected an ISO 8601 date-time, got {value!r}")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise InvalidIncidentInput(path, "date-time must carry a UTC offset (e.g. +01:00 or Z)")
    return parsed


DURATIONS: dict[str, timedelta] = {}  # a batch repeats the same few durations


def duration_value(value: Any, path: str) -> timedelta:
    """An ISO 8601 duration such as PT2H30M (days, hours, minutes, seconds)."""
    known = DURATIONS.get(value) if type(value) is str else None
    if known is not None:
        return known
    if not isinstance(value, str) or value == "P" or not (match := _DURATION.fullmatch(value)):
        raise InvalidIncidentInput(
            path, f"expected an ISO 8601 duration such as PT2H30M, got {value!r}"
        )
    d, h, m, s = match.groups(default="0")
    parsed = timedelta(days=int(d), hours=int(h), minutes=int(m), seconds=int(s))
    if len(DURATIONS) < 4096:
        DURATIONS[value] = parsed
    return parsed


_AMOUNT_TYPES = (int, float, str)


def amount_value(value: Any, path: str) -> Decimal:
    """A non-negative, finite monetary amount."""
    if type(value) is int and value >= 0:  # the common case: a whole number of euros
        return Decimal(value)
    if isinstance(value, bool) or not isinstance(value, _AMOUNT_TYPES):
        raise InvalidIncidentInput(path, f"expected an amount, got {value!r}")
    try:
        result = Decimal(value) if isinstance(value, int) else Decimal(str(value))
    except InvalidOperation:
        raise InvalidIncidentInput(path, f"expected an amount, got {value!r}") from None
    if not result.is_finite() or result < 0:
        raise InvalidIncidentInput(path, f"amount must be a non-negative number, got {value!r}")
    return result


def date_value(value: Any, path: str) -> date:
    """An ISO 8601 calendar date."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidIncidentInput(path, f"expected a date YYYY-MM-DD, got {value!r}")


Moment = AwareDatetime
Duration = Annotated[StrictStr, StringConstraints(pattern=_DURATION.pattern)]
Percentage = Annotated[float, Strict(), Field(ge=0, le=100)]
Count = Annotated[int, Strict(), Field(ge=0)]
TriState = StrictBool | Literal["information_not_available", "yes", "no"]
StateCode = Annotated[StrictStr, StringConstraints(pattern=r"^[A-Z]{2}$")]
Closed = ConfigDict(extra="forbid")


@with_config(Closed)
class EntityInput(TypedDict):
    """The reporting entity (DORA Art 2(1); RTS-R Art 5(5)-(6) flags)."""

    type: NotRequired[StrictStr | None]
    member_state: StateCode
    timezone: StrictStr
    microenterprise: NotRequired[StrictBool]
    nis2_essential_or_important: NotRequired[StrictBool]
    nca_art_5_6_decision_notified: NotRequired[StrictBool]
    nca_decision_notified_at: NotRequired[Moment | None]


@with_config(Closed)
class ServiceInput(TypedDict):
    """A service hit by the incident (RTS-C Art 6(a)/(b))."""

    name: NotRequired[StrictStr | None]
    supports_critical_or_important_function: NotRequired[StrictBool]
    authorised_crypto_asset_service: NotRequired[StrictBool]
    crypto_asset_service: NotRequired[StrictStr | None]


@with_config(Closed)
class ReputationalInput(TypedDict):
    """RTS-C Art 2(1)(a)-(d)."""

    media: NotRequired[StrictBool]
    repetitive_complaints: NotRequired[StrictBool]
    regulatory_requirements_breach_likely: NotRequired[StrictBool]
    material_client_loss_likely: NotRequired[StrictBool]


@with_config(Closed)
class DataImpactInput(TypedDict):
    """RTS-C Art 5: the four data dimensions and whether the impact is adverse."""

    availability: NotRequired[StrictBool]
    authenticity: NotRequired[StrictBool]
    integrity: NotRequired[StrictBool]
    confidentiality: NotRequired[StrictBool]
    adverse_impact_established: NotRequired[StrictBool | None]


@with_config(Closed)
class FiguresInput(TypedDict):
    """Figures that may be estimated first and established later (RTS-C Arts 1, 3, 7, 9)."""

    clients_using_service: NotRequired[Count | None]
    clients_affected: NotRequired[Count | None]
    clients_affected_estimate: NotRequired[Count | None]
    counterparts_total: NotRequired[Count | None]
    counterparts_affected: NotRequired[Count | None]
    relevant_clients_or_counterparts_affected: NotRequired[StrictBool | None]
    transactions_affected: NotRequired[Count | None]
    transactions_affected_value_eur: NotRequired[Any]
    transactions_affected_pct_of_daily_avg_number: NotRequired[Percentage | None]
    transactions_affected_pct_of_daily_avg_value: NotRequired[Percentage | None]
    reputational: NotRequired[ReputationalInput | None]
    resolved_at: NotRequired[Moment | None]
    service_downtime: NotRequired[Duration | None]
    service_unavailable_from: NotRequired[Moment | None]
    service_restored_at: NotRequired[Moment | None]
    backlog_cleared_at: NotRequired[Moment | None]
    member_states_impacted: NotRequired[list[StateCode] | None]
    data_impact: NotRequired[Literal["none"] | DataImpactInput | None]
    data_impact_under_9_5_a_established: NotRequired[StrictBool | None]
    access_may_result_in_data_losses: NotRequired[StrictBool | None]
    costs_eur: NotRequired[Any]
    costs_eur_estimate: NotRequired[Any]
    financial_recoveries_eur: NotRequired[Any]
    impact_on_financial_interests_of_clients: NotRequired[TriState | None]
    duration_downtime_figures: NotRequired[
        Literal[
            "actual_figures",
            "estimates",
            "actual_figures_and_estimates",
            "no_information_available",
        ]
        | None
    ]


@with_config(Closed)
class IncidentInput(FiguresInput):
    """Impact facts of one incident (RTS-C Arts 1-7), the `incident` block of a case."""

    services_affected: NotRequired[list[ServiceInput] | None]
    successful_malicious_unauthorised_access: NotRequired[StrictBool]
    description: NotRequired[StrictStr | None]
    occurred_at: NotRequired[Moment | None]


@with_config(Closed)
class TimelineInput(TypedDict):
    """Moments that drive reporting (RTS-R Art 5; ITS Annex I fields 2.2, 2.3)."""

    aware_at: NotRequired[Moment | None]
    classified_at: NotRequired[Moment | None]
    initial_submitted_at: NotRequired[Moment | None]
    intermediate_submitted_at: NotRequired[Moment | None]
    latest_intermediate_submitted_at: NotRequired[Moment | None]
    monthly_recurring_assessment_at: NotRequired[Moment | None]
    detected_at: NotRequired[Moment | None]


@with_config(Closed)
class OccurrenceInput(TypedDict):
    """One occurrence of a recurring incident (RTS-C Art 8(2))."""

    occurred_at: Moment
    aware_at: Moment
    critical_services_affected: NotRequired[StrictBool | None]
    cif_service_downtime: NotRequired[Duration | None]
    costs_eur: NotRequired[Any]
    other_thresholds_met: NotRequired[
        Literal["none"] | list[Literal["t9_1", "t9_2", "t9_4", "t9_5a", "t9_5b"]] | None
    ]
    apparent_root_cause: NotRequired[StrictStr | None]


@with_config(Closed)
class RecurringGroupInput(TypedDict):
    """Individually non-major incidents with one apparent root cause (RTS-C Art 8(2))."""

    apparent_root_cause: StrictStr
    occurrences: Annotated[list[OccurrenceInput], Field(min_length=1)]
    each_individually_major: NotRequired[StrictBool | None]
    impact_on_financial_interests_of_clients: NotRequired[TriState | None]


@with_config(Closed)
class CouldAffectInput(TypedDict):
    critical_or_important_functions: NotRequired[StrictBool]
    clients: NotRequired[StrictBool]
    financial_counterparts: NotRequired[StrictBool]
    other_financial_entities: NotRequired[StrictBool]
    third_party_providers: NotRequired[StrictBool]


@with_config(Closed)
class ProbabilityInput(TypedDict):
    exploitable_weakness: NotRequired[StrictStr | None]
    actor_capability_and_intent: NotRequired[StrictStr | None]
    persistence: NotRequired[StrictStr | None]


@with_config(Closed)
class CouldMeetInput(TypedDict):
    art_6_criticality: NotRequired[StrictBool]
    t9_1: NotRequired[StrictBool]
    t9_2: NotRequired[StrictBool]
    t9_3: NotRequired[StrictBool]
    t9_4: NotRequired[StrictBool]
    t9_5a: NotRequired[StrictBool]
    t9_5b: NotRequired[StrictBool]
    t9_6: NotRequired[StrictBool]


PROBABILITY_FACTORS = tuple(ProbabilityInput.__annotations__)


@with_config(Closed)
class ThreatInput(TypedDict):
    """A cyber threat assessed under RTS-C Art 10 (DORA Art 18(2))."""

    description: NotRequired[StrictStr | None]
    materialised_at_entity: NotRequired[StrictBool]
    could_affect: NotRequired[CouldAffectInput | None]
    probability_assessment: NotRequired[ProbabilityInput | None]
    high_probability_of_materialisation: NotRequired[StrictBool]
    if_materialised_could_meet: NotRequired[CouldMeetInput | None]


@with_config(Closed)
class CaseInput(TypedDict):
    """One classify case: an incident, a recurring group or a threat, with entity and timeline."""

    entity: EntityInput
    bank_holidays: NotRequired[StrictStr | list[Any] | None]
    incident: NotRequired[IncidentInput | None]
    recurring_group: NotRequired[RecurringGroupInput | None]
    threat: NotRequired[ThreatInput | None]
    timeline: NotRequired[TimelineInput | None]
    estimates: NotRequired[FiguresInput | None]
    actuals: NotRequired[FiguresInput | None]
    actuals_established_at: NotRequired[Moment | None]


# Each schema compiled once.
CASE = TypeAdapter(CaseInput)
ENTITY = TypeAdapter(EntityInput)
INCIDENT = TypeAdapter(IncidentInput)
TIMELINE = TypeAdapter(TimelineInput)
RECURRING_GROUP = TypeAdapter(RecurringGroupInput)
THREAT = TypeAdapter(ThreatInput)

# Reasons for pydantic's own error types, in the engine's words.
_REASONS = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown key",
    "bool_type": "expected true or false, got {shown}",
    "int_type": "expected a whole number, got {shown}",
    "greater_than_equal": "must not be negative, got {input}",
    "float_type": "expected a percentage, got {shown}",
    "string_type": "expected text, got {kind}",
    "dict_type": "expected a mapping, got {kind}",
    "list_type": "expected a list, got {kind}",
    "too_short": "expected a non-empty list",
    "literal_error": "expected {expected}, got {shown}",
    "timezone_aware": "date-time must carry a UTC offset (e.g. +01:00 or Z)",
    "datetime_parsing": "not an ISO 8601 date-time: {shown}",
    "datetime_from_date_parsing": "not an ISO 8601 date-time: {shown}",
    "datetime_type": "expected an ISO 8601 date-time, got {shown}",
}
_SHARE = "share must lie in 0..100 %, got {input}"
# Fields that take one of several shapes: one reason for the field as a whole.
_UNION_REASONS = {
    "impact_on_financial_interests_of_clients": "expected true, false or "
    f"{NOT_AVAILABLE!r} (field 3.30), got {{shown}}",
    "data_impact": "expected 'none' or a mapping of availability, authenticity, integrity, "
    "confidentiality, got {shown}",
    "other_thresholds_met": "expected 'none' or a list of t9_1, t9_2, t9_4, t9_5a, t9_5b",
    "bank_holidays": "expected a holiday-list name or a list of dates",
}


def _is_tag(part: Any) -> bool:
    """A union member or wrapper named in an error location, not a field."""
    return isinstance(part, str) and (
        "[" in part or "-" in part or part in ("bool", "str", "int", "float", "list", "dict")
    )


def refusal(exc: ValidationError, prefix: str) -> InvalidIncidentInput:
    """The most specific error of a validation as the engine's refusal (path and reason)."""
    errors = exc.errors(include_url=False)
    error = min(errors, key=lambda e: (e["type"] != "extra_forbidden", -len(e["loc"])))
    loc = tuple(error["loc"])
    fields = [p for p in loc if not _is_tag(p)]
    path = prefix + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in fields)
    name = next((p for p in reversed(fields) if isinstance(p, str)), "")
    kind, value = error["type"], error.get("input")
    ctx = error.get("ctx") or {}
    if name in _UNION_REASONS and loc and (_is_tag(loc[-1]) or loc[-1] == name):
        template = _UNION_REASONS[name]
    elif kind in ("greater_than_equal", "less_than_equal") and "pct" in name:
        template = _SHARE
    elif kind == "string_pattern_mismatch":
        duration = ctx.get("pattern") == _DURATION.pattern
        template = (
            "expected an ISO 8601 duration such as PT2H30M, got {shown}"
            if duration
            else "expected an ISO 3166 alpha-2 code"
        )
    else:
        template = _REASONS.get(kind, error["msg"].replace("{", "{{").replace("}", "}}"))
    reason = template.format(
        shown=repr(value),
        input=value,
        kind=type(value).__name__,
        expected=ctx.get("expected", "one of the listed values"),
    )
    return InvalidIncidentInput(path, reason)


def validate(adapter: TypeAdapter[Any], data: Any, prefix: str) -> Any:
    """Validate `data` with a compiled schema; refuse with the engine's path-aware error."""
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        raise refusal(exc, prefix) from None
