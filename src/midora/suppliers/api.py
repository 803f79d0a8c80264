"""REST endpoints of the third-party records (their registers' generic API), the contract gaps,
concentration and the RoI."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema

from midora.api.site import authenticated_as
from midora.core import permissions
from midora.core.api_crud import register_router
from midora.core.api_scope import readable
from midora.core.models import LegalEntity
from midora.suppliers import registers
from midora.suppliers.engine import concentration as engine
from midora.suppliers.gap_view import ranked_gap_rows
from midora.suppliers.graph import dependency_graph
from midora.suppliers.models import ContractualArrangement
from midora.suppliers.roi.export import export_package
from midora.suppliers.roi.findings import blocking
from midora.suppliers.roi.validate import validate_register
from midora.suppliers.roi_rows import build_register, scope_entity_ids

router = Router()
for prefix, register, tag, ordering in [
    ("/providers", registers.providers, "ICT providers", ("name", "pk")),
    ("/arrangements", registers.arrangements, "Contractual arrangements", ("reference", "pk")),
    ("/service-uses", registers.service_uses, "ICT service uses", ("pk",)),
    ("/assessments", registers.assessments, "ICT service assessments", ("pk",)),
    ("/subcontractors", registers.subcontractors, "Subcontracting chain", ("pk",)),
    ("/clause-reviews", registers.clause_reviews, "Art. 30 clause reviews", ("pk",)),
    ("/exit-plans", registers.exit_plans, "Exit plans", ("pk",)),
]:
    router.add_router(prefix, register_router(register, tag=tag, ordering=ordering))


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
