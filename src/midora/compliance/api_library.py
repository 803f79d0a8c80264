"""API: catalogues and requirements (read-only reference data, not records of the user's
entities), and the control library's registers: controls and mappings, derived from their
declarations."""
# Annotations stay evaluated: django-ninja reads the schema classes from them.

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import LimitOffsetPagination, paginate

from midora.compliance.api_schemas import (
    ApplicabilityOut,
    FrameworkOut,
    RequirementFilter,
    RequirementOut,
)
from midora.compliance.models import Framework, Requirement
from midora.compliance.registers import controls, mappings
from midora.core import permissions
from midora.core.api_crud import ErrorOut, register_router
from midora.core.models import LegalEntity

TAG = "Compliance: catalogues and controls"
router = Router(tags=[TAG])
router.add_router("/controls", register_router(controls, tag=TAG))
router.add_router("/mappings", register_router(mappings, tag=TAG))


def _reader(request: HttpRequest) -> None:
    permissions.require(
        permissions.can_read_registers(request.user), "Your role cannot read registers."
    )


@router.get("/frameworks", response=list[FrameworkOut], summary="List the loaded catalogues")
def list_frameworks(request: HttpRequest):
    _reader(request)
    return Framework.objects.all()


@router.get("/requirements", response=list[RequirementOut], summary="List requirements")
@paginate(LimitOffsetPagination)
def list_requirements(request: HttpRequest, filters: Query[RequirementFilter]):
    _reader(request)
    qs = Requirement.objects.select_related("framework", "parent")
    return filters.filter(qs).order_by("framework__code", "position")


@router.get(
    "/requirements/{ref}", response={200: RequirementOut, 404: ErrorOut}, summary="Read one"
)
def read_requirement(request: HttpRequest, ref: str):
    _reader(request)
    requirement = Requirement.objects.select_related("framework", "parent").filter(ref=ref).first()
    if requirement is None:
        return 404, {"detail": f"No requirement {ref}."}
    return requirement


@router.get(
    "/requirements/{ref}/applicability",
    response={200: list[ApplicabilityOut], 404: ErrorOut},
    summary="Does the requirement apply to each entity in your scope, and why",
)
def requirement_applicability(request: HttpRequest, ref: str):
    from midora.compliance.scoping import entity_scopes

    _reader(request)
    requirement = Requirement.objects.select_related("framework").filter(ref=ref).first()
    if requirement is None:
        return 404, {"detail": f"No requirement {ref}."}
    entities = permissions.scope(request.user, LegalEntity.objects.all()).order_by("name")
    out = []
    for scope in entity_scopes(entities, requirement.framework.regime):
        outcome = scope.outcomes.get(ref)
        if outcome is not None:
            out.append(
                {
                    "entity_id": scope.entity.pk,
                    "requirement": ref,
                    "applies": outcome.applies,
                    "reason": outcome.reason,
                }
            )
    return out
