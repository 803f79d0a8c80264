"""REST endpoints of the third-party records, the contract gaps, concentration and the RoI."""

from __future__ import annotations

import datetime as dt
import io
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import FilterLookup, FilterSchema, Router, Schema

from midora.api.site import authenticated_as
from midora.core import permissions
from midora.core.api_crud import crud_router
from midora.core.api_scope import readable
from midora.core.models import LegalEntity
from midora.suppliers.api_schemas import record_schemas
from midora.suppliers.engine import concentration as engine
from midora.suppliers.forms import (
    ClauseReviewForm,
    ContractualArrangementForm,
    ExitPlanForm,
    ICTProviderForm,
    ICTServiceUseForm,
    ServiceAssessmentForm,
    SubcontractorForm,
)
from midora.suppliers.gap_view import ranked_gap_rows
from midora.suppliers.graph import dependency_graph
from midora.suppliers.models import (
    ClauseReview,
    ContractualArrangement,
    ExitPlan,
    ICTProvider,
    ICTServiceUse,
    ServiceAssessment,
    Subcontractor,
)
from midora.suppliers.roi.export import export_package
from midora.suppliers.roi.findings import blocking
from midora.suppliers.roi.validate import validate_register
from midora.suppliers.roi_rows import build_register, scope_entity_ids


def _fields(form: Any, drop: tuple[str, ...] = ()) -> list[str]:
    return [f for f in form.Meta.fields if f not in ("owner", *drop)]


_M2M = ("entities", "using_entities", "linked_arrangements")
ProviderIn, ProviderPatch, ProviderBase = record_schemas(
    ICTProvider, _fields(ICTProviderForm, _M2M), "ICTProvider"
)
ProviderIn = type(
    "ICTProviderIn",
    (ProviderIn,),
    {"__annotations__": {"entity_ids": list[int]}, "__module__": __name__},
)


class ProviderOut(ProviderBase):
    entity_ids: list[int] = []

    @staticmethod
    def resolve_entity_ids(obj: ICTProvider, context: Any) -> list[int]:
        """The entities the reader may see (prefetched by the list); others stay unnamed."""
        user = context["request"].user
        linked = [entity.pk for entity in obj.entities.all()]
        if permissions.sees_all_entities(user):
            return linked
        granted = _granted(context["request"])
        return [pk for pk in linked if pk in granted]


def _granted(request: HttpRequest) -> set[int]:
    """The user's entity ids, read once per request."""
    if not hasattr(request, "_midora_granted"):
        request._midora_granted = set(permissions.granted_entity_ids(request.user))
    return request._midora_granted


class ProviderFilter(FilterSchema):
    q: Annotated[
        str | None, FilterLookup(["name__icontains", "identification_code__icontains"])
    ] = None
    category: str | None = None
    hq_country: str | None = None


class ArrangementFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(["reference__icontains", "title__icontains"])] = None
    entity_id: int | None = None
    provider_id: int | None = None
    arrangement_type: str | None = None


class ArrangementChildFilter(FilterSchema):
    arrangement_id: int | None = None
    service_type: str | None = None


class SubcontractorFilter(FilterSchema):
    arrangement_id: int | None = None
    provider_id: int | None = None
    rank: int | None = None


class ClauseReviewFilter(FilterSchema):
    arrangement_id: int | None = None
    clause_key: str | None = None
    finding: str | None = None


class ExitPlanFilter(FilterSchema):
    arrangement_id: int | None = None
    status: str | None = None


RECORDS = [
    ("/providers", ICTProvider, ICTProviderForm, ProviderFilter, "ICT providers", ("name",)),
    (
        "/arrangements",
        ContractualArrangement,
        ContractualArrangementForm,
        ArrangementFilter,
        "Contractual arrangements",
        ("reference",),
    ),
    (
        "/service-uses",
        ICTServiceUse,
        ICTServiceUseForm,
        ArrangementChildFilter,
        "ICT service uses",
        ("pk",),
    ),
    (
        "/assessments",
        ServiceAssessment,
        ServiceAssessmentForm,
        ArrangementChildFilter,
        "ICT service assessments",
        ("pk",),
    ),
    (
        "/subcontractors",
        Subcontractor,
        SubcontractorForm,
        SubcontractorFilter,
        "Subcontracting chain",
        ("pk",),
    ),
    (
        "/clause-reviews",
        ClauseReview,
        ClauseReviewForm,
        ClauseReviewFilter,
        "Art. 30 clause reviews",
        ("pk",),
    ),
    ("/exit-plans", ExitPlan, ExitPlanForm, ExitPlanFilter, "Exit plans", ("pk",)),
]

router = Router()
for prefix, model, form, filters, tag, ordering in RECORDS:
    if model is ICTProvider:
        schemas = (ProviderIn, ProviderPatch, ProviderOut)
    else:
        schemas = record_schemas(model, _fields(form, _M2M), model.__name__)
    router.add_router(
        prefix,
        crud_router(
            model=model,
            in_schema=schemas[0],
            patch_schema=schemas[1],
            out_schema=schemas[2],
            filter_schema=filters,
            tag=tag,
            ordering=ordering,
            prefetch_related=("entities",) if model is ICTProvider else (),
        ),
    )


# --- Register of Information, gaps, concentration -------------------------------------------

roi = Router(tags=["Register of Information"])


class RoiFindingOut(Schema):
    rule_id: str
    severity: str
    template: str
    row_key: str
    column: str
    value: str
    message: str
    row: int | None


class RegisterCheckOut(Schema):
    entity: str
    reference_date: dt.date
    level: str
    rows: dict[str, int]
    errors: int
    warnings: int
    findings: list[RoiFindingOut]


def _entity(request: HttpRequest, lei: str, level: str) -> LegalEntity:
    permissions.require(
        permissions.can_read_registers(request.user), "Your role cannot read registers."
    )
    entity = permissions.scope(request.user, LegalEntity.objects.filter(lei=lei.upper())).first()
    if entity is None:
        raise Http404(f"No legal entity with LEI {lei} in your scope.")
    granted = set(permissions.granted_entity_ids(request.user))
    if level == "CON" and scope_entity_ids(entity, level) - granted:
        permissions.require(False, "The consolidated register covers entities outside your scope.")
    return entity


Level = Literal["IND", "CON"]  # individual or consolidated register


REGISTER_READERS = authenticated_as(
    permissions.can_read_registers, "Your role cannot read registers."
)


@roi.get(
    "/validate",
    response=RegisterCheckOut,
    summary="Validate the register of an entity",
    auth=REGISTER_READERS,
)
def roi_validate(request: HttpRequest, entity: str, reference_date: dt.date, level: Level = "IND"):
    record = _entity(request, entity, level)
    built = build_register(record, reference_date, level)
    findings = validate_register(built.register, built.params)
    errors = len(blocking(findings))
    return {
        "entity": record.lei,
        "reference_date": reference_date,
        "level": level,
        "rows": {code: len(rows) for code, rows in built.register.items()},
        "errors": errors,
        "warnings": len(findings) - errors,
        "findings": findings,
    }


@roi.get(
    "/export",
    response={200: None, 409: RegisterCheckOut},
    summary="The xBRL-CSV report package (409 with the findings while blocking errors remain)",
    auth=REGISTER_READERS,
)
def roi_export(
    request: HttpRequest,
    entity: str,
    reference_date: dt.date,
    level: Level = "IND",
    force: bool = False,
):
    record = _entity(request, entity, level)
    built = build_register(record, reference_date, level)
    findings = validate_register(built.register, built.params)
    errors = blocking(findings)
    if errors and not force:
        return 409, {
            "entity": record.lei,
            "reference_date": reference_date,
            "level": level,
            "rows": {code: len(rows) for code, rows in built.register.items()},
            "errors": len(errors),
            "warnings": len(findings) - len(errors),
            "findings": errors,
        }
    buffer = io.BytesIO()
    name = export_package(built.register, built.params, buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
    return response


class ClauseGapOut(Schema):
    arrangement_id: int
    reference: str
    supports_cif: bool
    score: int
    missing: int
    gaps: list[dict[str, Any]]


@router.get(
    "/gaps",
    response=list[ClauseGapOut],
    summary="Art. 30 contract gaps, worst first",
    tags=["Contract gaps"],
)
def contract_gaps(request: HttpRequest, entity_id: int | None = None):
    arrangements = readable(request, ContractualArrangement.objects.all(), entity_id)
    return [
        {
            "arrangement_id": row.arrangement.pk,
            "reference": row.arrangement.reference,
            "supports_cif": row.supports_cif,
            "score": row.score,
            "missing": row.missing,
            "gaps": [
                {
                    "provision": gap.clause.reference,
                    "clause_key": gap.clause.key,
                    "finding": gap.finding.value,
                    "reviewed_on": gap.reviewed_on,
                    "action_id": action.pk if action else None,
                }
                for gap, action in row.gaps
            ],
        }
        for row in ranked_gap_rows(arrangements)
    ]


@router.get(
    "/concentration",
    summary="Concentration figures of the entities in scope",
    tags=["Concentration"],
)
def concentration_figures(request: HttpRequest, entity_id: int | None = None) -> dict[str, Any]:
    permissions.require(
        permissions.can_read_registers(request.user), "Your role cannot read registers."
    )
    granted = set(permissions.granted_entity_ids(request.user))
    if entity_id is not None and entity_id not in granted:
        raise Http404("No such legal entity in your scope.")
    graph = dependency_graph({entity_id} if entity_id is not None else granted)
    spend = engine.spend_concentration(graph)
    return {
        "providers_by_failure_impact": [
            {
                "provider": i.provider_id,
                "critical_functions": sorted(i.critical_function_ids),
                "functions": len(i.function_ids),
                "entities": sorted(i.entity_ids),
            }
            for i in engine.providers_by_failure_impact(graph)
            if i.function_ids
        ],
        "single_points_of_failure": [
            {
                "function": s.function_id,
                "entity": s.entity_id,
                "provider": s.provider_id,
                "service_types": list(s.service_types),
            }
            for s in engine.single_points_of_failure(graph)
        ],
        "spend": {p: str(v) for p, v in spend.spend.items()},
        "hhi": str(spend.hhi) if spend.hhi is not None else None,
    }


router.add_router("/roi", roi)
