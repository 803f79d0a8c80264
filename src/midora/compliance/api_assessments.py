"""API: gap assessments, their results, scores, comparison, remediation actions, crosswalk."""
# Annotations stay evaluated: django-ninja reads the schema classes from them.

from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.pagination import LimitOffsetPagination, paginate

from midora.api.site import authenticated_as
from midora.compliance.api_schemas import (
    AssessmentStart,
    RemediationActionOut,
    ResultFilter,
    ResultOut,
    ResultPatch,
)
from midora.compliance.assessment_service import (
    comparison,
    create_assessment,
    evidence_for,
    open_action,
    scores,
)
from midora.compliance.crosswalk import REGIMES, build_crosswalk, visible_records
from midora.compliance.models import Assessment, Evidence, Regime, RequirementResult
from midora.compliance.oscal_records import assessment_document_for
from midora.compliance.registers import assessments
from midora.core import permissions
from midora.core.api_crud import OPERATIONS, ErrorOut, register_router, set_fields
from midora.core.api_scope import (
    get_scoped,
    readable,
    require_create,
    require_edit,
    scoped_entities,
)

TAG = "Compliance: assessments and crosswalk"
router = Router(tags=[TAG])
AssessmentOut = assessments.api_schemas.output


assessments_router = register_router(
    assessments, tag=TAG, operations=[op for op in OPERATIONS if op != "create"]
)
router.add_router("/assessments", assessments_router)


@assessments_router.post(
    "/",
    response={201: AssessmentOut, 403: ErrorOut, 422: ErrorOut},
    summary="Start an assessment of one regime for a scope; results come pre-filled",
    operation_id="assessment_create",
)
def create(request: HttpRequest, payload: AssessmentStart):
    require_create(request)
    entities = scoped_entities(request, payload.entity_ids)
    assessment = create_assessment(
        title=payload.title,
        regime=payload.regime,
        entities=entities,
        started_on=payload.started_on,
        owner=request.user,
        target_maturity=payload.target_maturity,
    )
    return 201, get_scoped(request, Assessment.objects.prefetch_related("entities"), assessment.pk)


@router.get(
    "/assessments/{int:pk}/results",
    response={200: list[ResultOut], 404: ErrorOut},
    summary="Per-requirement results with their suggestions",
)
@paginate(LimitOffsetPagination)
def list_results(request: HttpRequest, pk: int, filters: Query[ResultFilter]):
    assessment = get_scoped(request, Assessment.objects.all(), pk)
    results = assessment.results.select_related("requirement").prefetch_related(
        "evidence_considered"
    )
    return filters.filter(results)


@router.patch(
    "/results/{int:pk}",
    response={200: ResultOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Confirm or change one result (send the version you read)",
)
def patch_result(request: HttpRequest, pk: int, payload: ResultPatch):
    from django.core.exceptions import ValidationError

    data = payload.dict(exclude_unset=True)
    with transaction.atomic():
        result = get_scoped(request, RequirementResult.objects.select_related("assessment"), pk)
        require_edit(request, result)
        evidence_ids = data.pop("evidence_ids", None)
        set_fields(result, data, data.pop("version"))
        result.save()
        if evidence_ids is not None:
            allowed = set(evidence_for(result))
            bad = [e for e in evidence_ids if e not in allowed]
            if bad:
                raise ValidationError(
                    {
                        "evidence_ids": f"Evidence {bad[0]} does not support this requirement in scope."
                    }
                )
            result.evidence_considered.set(Evidence.objects.filter(pk__in=evidence_ids))
    return get_scoped(request, RequirementResult.objects.select_related("requirement"), pk)


@router.post(
    "/results/{int:pk}/action",
    response={
        200: RemediationActionOut,
        201: RemediationActionOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
    summary="Open a remediation action for a gap (idempotent)",
)
def result_action(request: HttpRequest, pk: int):
    from django.core.exceptions import ValidationError

    require_create(request)
    result = get_scoped(request, RequirementResult.objects.select_related("requirement"), pk)
    try:
        action, created = open_action(result, request.user)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    action.created = created
    return (201 if created else 200), action


@router.get(
    "/assessments/{int:pk}/scores",
    response={200: dict[str, Any], 404: ErrorOut},
    summary="Progress and scores per area (this assessment's regime only)",
)
def assessment_scores(request: HttpRequest, pk: int):
    assessment = get_scoped(request, Assessment.objects.all(), pk)
    score = scores(assessment)
    return asdict(score) if score else {}


@router.get(
    "/assessments/compare",
    response={200: dict[str, Any], 404: ErrorOut, 422: ErrorOut},
    summary="Improved, regressed and unchanged requirements between two assessments",
    auth=authenticated_as(permissions.can_read_registers, "Your role cannot read assessments."),
)
def compare_assessments(request: HttpRequest, before: int, after: int):
    first = get_scoped(request, Assessment.objects.all(), before)
    second = get_scoped(request, Assessment.objects.all(), after)
    try:
        result = comparison(first, second)
    except ValueError as exc:
        raise ValidationError({"after": str(exc)}) from exc
    return {
        "regime": result.regime,
        "requirements": {k: v.value for k, v in result.requirements.items()},
        "areas": {k: v.value for k, v in result.areas.items()},
    }


@router.get(
    "/assessments/{int:pk}/oscal",
    response={200: dict[str, Any], 404: ErrorOut},
    summary="The assessment as NIST OSCAL assessment-results JSON",
)
def assessment_oscal(request: HttpRequest, pk: int):
    assessment = get_scoped(request, Assessment.objects.all(), pk)
    return assessment_document_for(assessment.pk)


@router.get(
    "/crosswalk",
    response={200: dict[str, Any], 404: ErrorOut},
    summary="Coverage per requirement (per regime, never blended) and the evidence reuse figure",
)
def crosswalk(
    request: HttpRequest, regime: Regime | None = None, area: str = "", entity_id: int | None = None
):
    readable(request, Assessment.objects.none())
    if entity_id is not None and entity_id not in permissions.granted_entity_ids(request.user):
        raise Http404(f"No legal entity {entity_id} in your scope.")
    controls, evidence = visible_records(request.user, entity_id)
    regimes = [regime.value] if regime else list(REGIMES)
    data = build_crosswalk(controls, evidence, timezone.localdate(), regimes, area)
    return {
        "evidence_total": data.evidence_total,
        "evidence_supporting_both_regimes": data.evidence_both,
        "evidence_by_regime": data.evidence_by_regime,
        "regimes": {
            r: {
                "counts": data.counts(r),
                "requirements_without_evidence": [row.ref for row in data.no_evidence(r)],
                "requirements": [
                    {
                        "requirement": row.ref,
                        "area": row.area,
                        "state": row.state,
                        "controls": [
                            {"code": c.code, "coverage": c.coverage, "evidence": c.state.value}
                            for c in row.controls
                        ],
                        "evidence_items": row.evidence,
                    }
                    for row in data.requirements[r]
                ],
            }
            for r in regimes
        },
    }
