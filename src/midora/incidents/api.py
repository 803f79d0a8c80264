"""REST endpoints of incidents: the register's list, read, change and delete; idempotent intake,
impact facts, classification, deadlines, reports, MiCA decision points."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Header, Router, Schema

from midora.core import permissions
from midora.core.api_crud import OPERATIONS, ErrorOut, record_writer, register_router
from midora.core.api_listing import written_record
from midora.core.api_scope import get_scoped
from midora.core.models import LegalEntity
from midora.incidents.choices import Decision, Source, Stage
from midora.incidents.engine.mica_decisions import DECISION_POINTS
from midora.incidents.models import Incident, IncidentReport, ReportFrozenError
from midora.incidents.registers import incidents
from midora.incidents.services.decisions import save_decision
from midora.incidents.services.intake import IntakeData, classify_incident, intake, update_facts
from midora.incidents.services.reporting import (
    clock_for,
    create_report,
    current_classification,
    gaps,
    mark_sent,
    report_content,
)

TAG = "Incidents"
router = Router(tags=[TAG])
# list, read, replace, patch, delete: the register's; an incident is created by the intake below
records = register_router(
    incidents, tag=TAG, operations=[op for op in OPERATIONS if op != "create"]
)
router.add_router("", records)
IncidentOut = incidents.api_schemas.output
# the intake's answer: the record as IncidentOut writes it, its links not read back when new
_WRITER = record_writer(incidents)


class IncidentIntake(Schema):
    """The one intake, as the web's: descriptive fields, links, timeline and impact facts."""

    entity_id: int
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    reference: str | None = Field(None, max_length=40)
    occurred_at: dt.datetime | None = None
    detected_at: dt.datetime | None = None
    aware_at: dt.datetime | None = None
    classified_at: dt.datetime | None = None
    resolved_at: dt.datetime | None = None
    impact: dict[str, Any] = Field(
        default_factory=dict, description="Impact facts, in the worked examples' format"
    )
    apparent_root_cause: str = ""
    crypto_services: list[str] = []
    function_ids: list[int] = []
    ict_asset_ids: list[int] = []
    provider_ids: list[int] = []
    arrangement_ids: list[int] = []
    affected_entity_ids: list[int] = []
    report_text: dict[str, Any] = {}


class CriterionOut(Schema):
    key: str
    article: str
    met: bool
    why: str
    estimated: bool = False


class ClassificationOut(Schema):
    id: int
    major: bool
    why: str
    criteria: list[CriterionOut]
    review_flags: list[dict[str, str]]
    ruleset_version: str
    client_notification_required: bool | Literal["open"]
    client_notification_why: str
    reclassification: str
    reclassification_why: str
    is_current: bool
    created_at: dt.datetime

    @staticmethod
    def resolve_client_notification_required(row: Any) -> bool | str:
        """DORA Art 19(3): true, false, or "open" until field 3.30 is known."""
        value = row.client_notification_required
        return "open" if value is None else value


class FactsIn(Schema):
    version: int
    impact: dict[str, Any] | None = None
    occurred_at: dt.datetime | None = None
    detected_at: dt.datetime | None = None
    aware_at: dt.datetime | None = None
    classified_at: dt.datetime | None = None
    resolved_at: dt.datetime | None = None
    note: str = ""


class FactsOut(Schema):
    version: int
    impact: dict[str, Any]
    occurred_at: dt.datetime | None
    detected_at: dt.datetime | None
    aware_at: dt.datetime | None
    classified_at: dt.datetime | None
    resolved_at: dt.datetime | None
    revisions: int


class DeadlineOut(Schema):
    stage: str
    rule: str
    base: dt.datetime
    due: dt.datetime
    weekend_relief: bool
    state: str
    sent_at: dt.datetime | None


class ReportIn(Schema):
    stage: Stage


class ReportOut(Schema):
    id: int
    incident_id: int
    stage: str
    due_at: dt.datetime | None
    sent_at: dt.datetime | None
    sha256: str
    missing: list[dict[str, str]] = []


class MicaDecisionIn(Schema):
    decision: Decision
    rationale: str = ""


class MicaDecisionOut(Schema):
    point: str
    decision: str
    rationale: str
    owner: str | None
    decided_at: dt.datetime | None


def _incident(request: HttpRequest, pk: int) -> Incident:
    return get_scoped(request, Incident.objects.select_related("entity"), pk)


def _report(request: HttpRequest, pk: int) -> IncidentReport:
    return get_scoped(request, IncidentReport.objects.select_related("incident__entity"), pk)


def _facts_out(incident: Incident) -> dict[str, Any]:
    return {
        "version": incident.version,
        "impact": incident.impact,
        **{k: getattr(incident, k) for k in FactsOut.__annotations__ if k.endswith("_at")},
        "revisions": incident.revisions.count(),
    }


def _report_out(report: IncidentReport) -> dict[str, Any]:
    missing = [] if report.is_sent else gaps(report.incident, report.stage)
    return {
        "id": report.pk,
        "incident_id": report.incident_id,
        "stage": report.stage,
        "due_at": report.due_at,
        "sent_at": report.sent_at,
        "sha256": report.sha256,
        "missing": [{"path": g.path, "label": g.label, "why": g.why} for g in missing],
    }


@records.post(
    "/",
    response={200: IncidentOut, 201: IncidentOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record an incident (send Idempotency-Key: a retried call returns the first record)",
    operation_id="incident_create",
)
def create_incident(
    request: HttpRequest,
    payload: IncidentIntake,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=200),
) -> tuple[int, Incident] | HttpResponse:
    entity = next(  # by primary key: the one row, without sorting
        iter(
            permissions.scope(request.user, LegalEntity.objects.all())
            .filter(pk=payload.entity_id)
            .order_by()[:1]
        ),
        None,
    )
    if entity is None:
        raise ValidationError(
            {
                "entity_id": [
                    f"Legal entity {payload.entity_id} does not exist or is not in your scope."
                ]
            }
        )
    d = payload.dict()
    data = IntakeData(
        title=d["title"],
        description=d["description"],
        reference=d["reference"],
        timeline={
            k: d[k]
            for k in ("occurred_at", "detected_at", "aware_at", "classified_at", "resolved_at")
        },
        impact=d["impact"],
        apparent_root_cause=d["apparent_root_cause"],
        crypto_services=d["crypto_services"],
        function_ids=d["function_ids"],
        ict_asset_ids=d["ict_asset_ids"],
        provider_ids=d["provider_ids"],
        arrangement_ids=d["arrangement_ids"],
        affected_entity_ids=d["affected_entity_ids"],
        report_text=d["report_text"],
    )
    incident, created = intake(
        user=request.user,
        entity=entity,
        data=data,
        source=Source.API,
        idempotency_key=idempotency_key,
    )
    status = 201 if created else 200
    if _WRITER is None:
        return status, incident
    # a new record holds exactly the links asked for (the intake refuses any it cannot set)
    known = {key: d[key] for key in _WRITER.links} if created else None
    return written_record(_WRITER, request, incident, status, known)


@router.get(
    "/{int:pk}/facts", response={200: FactsOut, 404: ErrorOut}, operation_id="incident_facts_read"
)
def read_facts(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _facts_out(_incident(request, pk))


@router.put(
    "/{int:pk}/facts",
    response={200: FactsOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Change impact facts and timeline (send the version you read); reclassifies",
    operation_id="incident_facts_update",
)
def write_facts(request: HttpRequest, pk: int, payload: FactsIn) -> dict[str, Any]:
    incident = _incident(request, pk)
    data = payload.dict(exclude_unset=True)
    timeline = {k: data[k] for k in data if k.endswith("_at")}
    update_facts(
        incident,
        user=request.user,
        version=payload.version,
        impact=data.get("impact"),
        timeline=timeline,
        note=payload.note,
    )
    return _facts_out(incident)


@router.post(
    "/{int:pk}/classify",
    response={200: ClassificationOut, 403: ErrorOut, 404: ErrorOut},
    operation_id="incident_classify",
)
def classify(request: HttpRequest, pk: int) -> Any:
    incident = _incident(request, pk)
    permissions.require(permissions.can_edit(request.user, incident), "Your role cannot classify.")
    return classify_incident(incident, request.user)


@router.get(
    "/{int:pk}/classification",
    response={200: ClassificationOut, 404: ErrorOut},
    operation_id="incident_classification_read",
)
def read_classification(request: HttpRequest, pk: int) -> Any:
    return current_classification(_incident(request, pk))


@router.get(
    "/{int:pk}/classifications",
    response={200: list[ClassificationOut], 404: ErrorOut},
    operation_id="incident_classification_history",
)
def classification_history(request: HttpRequest, pk: int) -> Any:
    return list(_incident(request, pk).classifications.order_by("pk"))


@router.get(
    "/{int:pk}/deadlines",
    response={200: list[DeadlineOut], 404: ErrorOut},
    operation_id="incident_deadlines",
)
def deadlines(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    incident = _incident(request, pk)
    return [
        {
            "stage": e.stage,
            "rule": e.deadline.rule,
            "base": e.deadline.base,
            "due": e.deadline.due,
            "weekend_relief": e.deadline.weekend_relief,
            "state": e.state,
            "sent_at": e.sent_at,
        }
        for e in clock_for(incident)
    ]


@router.get(
    "/{int:pk}/reports",
    response={200: list[ReportOut], 404: ErrorOut},
    operation_id="incident_reports",
)
def list_reports(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    return [_report_out(r) for r in _incident(request, pk).reports.order_by("pk")]


@router.post(
    "/{int:pk}/reports",
    response={201: ReportOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    operation_id="incident_report_create",
)
def new_report(request: HttpRequest, pk: int, payload: ReportIn) -> tuple[int, dict[str, Any]]:
    incident = _incident(request, pk)
    permissions.require(permissions.can_edit(request.user, incident), "Your role cannot report.")
    return 201, _report_out(create_report(incident, payload.stage, request.user))


@router.get(
    "/reports/{int:pk}",
    response={200: ReportOut, 404: ErrorOut},
    operation_id="incident_report_read",
)
def read_report(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _report_out(_report(request, pk))


@router.get(
    "/reports/{int:pk}/export",
    response={200: dict[str, Any], 404: ErrorOut},
    summary="The report as an IR-1.2.1 JSON document",
    operation_id="incident_report_export",
)
def export_report(request: HttpRequest, pk: int) -> dict[str, Any]:
    return report_content(_report(request, pk))


@router.post(
    "/reports/{int:pk}/send",
    response={200: ReportOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Mark a report as sent: content frozen with its SHA-256 and the send time",
    operation_id="incident_report_send",
)
def send_report(request: HttpRequest, pk: int) -> Any:
    report = _report(request, pk)
    permissions.require(
        permissions.can_edit(request.user, report.incident), "Your role cannot send."
    )
    try:
        mark_sent(report, request.user)
    except ReportFrozenError as exc:
        return 409, {"detail": str(exc)}
    return 200, _report_out(report)


@router.get(
    "/{int:pk}/mica-decisions",
    response={200: list[MicaDecisionOut], 404: ErrorOut},
    operation_id="incident_mica_list",
)
def mica_decisions(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    incident = _incident(request, pk)
    stored = {d.point: d for d in incident.mica_decisions.select_related("owner")}
    return [_decision_out(p.key, stored.get(p.key)) for p in DECISION_POINTS]


@router.put(
    "/{int:pk}/mica-decisions/{point}",
    response={200: MicaDecisionOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    operation_id="incident_mica_decide",
)
def mica_decide(
    request: HttpRequest, pk: int, point: str, payload: MicaDecisionIn
) -> dict[str, Any]:
    incident = _incident(request, pk)
    permissions.require(permissions.can_edit(request.user, incident), "Your role cannot decide.")
    if point not in {p.key for p in DECISION_POINTS}:
        raise Http404(f"No MiCA decision point {point!r}.")
    if payload.decision != Decision.PENDING and not payload.rationale.strip():
        raise ValidationError({"rationale": ["say why (the rationale is kept with the decision)"]})
    row = save_decision(incident, point, payload.dict(), request.user)
    return _decision_out(point, row)


def _decision_out(point: str, row: Any) -> dict[str, Any]:
    return {
        "point": point,
        "decision": row.decision if row else Decision.PENDING,
        "rationale": row.rationale if row else "",
        "owner": row.owner.get_username() if row and row.owner else None,
        "decided_at": row.decided_at if row else None,
    }
