"""API: catalogues and requirements (read-only reference data), controls and mappings."""
# Annotations stay evaluated: django-ninja reads the schema classes from them.

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import LimitOffsetPagination, paginate

from midora.compliance.api_schemas import (
    ApplicabilityOut,
    ControlFilter,
    ControlIn,
    ControlOut,
    ControlPatch,
    FrameworkOut,
    MappingFilter,
    MappingIn,
    MappingOut,
    MappingPatch,
    RequirementFilter,
    RequirementOut,
)
from midora.compliance.models import Control, Framework, Mapping, Requirement
from midora.core import permissions
from midora.core.api_crud import ErrorOut, set_fields
from midora.core.api_scope import (
    get_scoped,
    readable,
    require_create,
    require_edit,
    scoped_entities,
)
from midora.core.models import LegalEntity

router = Router(tags=["Compliance: catalogues and controls"])


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


def _controls(request: HttpRequest):
    return readable(
        request, Control.objects.prefetch_related("entities", "mappings__requirement__framework")
    )


@router.get("/controls", response=list[ControlOut], summary="List controls")
@paginate(LimitOffsetPagination)
def list_controls(request: HttpRequest, filters: Query[ControlFilter]):
    return filters.filter(_controls(request)).order_by("code")


@router.get("/controls/{int:pk}", response={200: ControlOut, 404: ErrorOut}, summary="Read one")
def read_control(request: HttpRequest, pk: int):
    return get_scoped(request, _controls(request), pk)


@router.post(
    "/controls", response={201: ControlOut, 403: ErrorOut, 422: ErrorOut}, summary="Add a control"
)
def create_control(request: HttpRequest, payload: ControlIn):
    require_create(request)
    data = payload.dict()
    entity_ids = data.pop("entity_ids")
    if not entity_ids and not permissions.sees_all_entities(request.user):
        raise ValidationError({"entity_ids": "Name at least one legal entity that operates it."})
    entities = scoped_entities(request, entity_ids)
    with transaction.atomic():
        control = Control(owner=request.user)
        set_fields(control, data)
        control.save()
        control.entities.set(entities)
    return 201, get_scoped(request, _controls(request), control.pk)


@router.patch(
    "/controls/{int:pk}",
    response={200: ControlOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Change, retire or re-scope a control (send the version you read)",
)
def patch_control(request: HttpRequest, pk: int, payload: ControlPatch):
    data = payload.dict(exclude_unset=True)
    with transaction.atomic():
        control = get_scoped(request, Control.objects.all(), pk)
        require_edit(request, control)
        entity_ids = data.pop("entity_ids", None)
        set_fields(control, data, data.pop("version"))
        control.save()
        if entity_ids is not None:
            keep = control.entities.exclude(pk__in=permissions.granted_entity_ids(request.user))
            control.entities.set([*scoped_entities(request, entity_ids), *keep])
    return get_scoped(request, _controls(request), pk)


@router.delete(
    "/controls/{int:pk}", response={204: None, 403: ErrorOut, 404: ErrorOut}, summary="Delete"
)
def delete_control(request: HttpRequest, pk: int):
    with transaction.atomic():
        control = get_scoped(request, Control.objects.all(), pk)
        permissions.require(permissions.can_delete(request.user, control))
        control.delete()
    return 204, None


def _mappings(request: HttpRequest):
    return readable(request, Mapping.objects.select_related("control", "requirement__framework"))


@router.get("/mappings", response=list[MappingOut], summary="List control-requirement mappings")
@paginate(LimitOffsetPagination)
def list_mappings(request: HttpRequest, filters: Query[MappingFilter]):
    return filters.filter(_mappings(request)).order_by("control__code", "requirement__ref")


@router.get("/mappings/{int:pk}", response={200: MappingOut, 404: ErrorOut}, summary="Read one")
def read_mapping(request: HttpRequest, pk: int):
    return get_scoped(request, _mappings(request), pk)


@router.post(
    "/mappings",
    response={201: MappingOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Map a control to a requirement (its regime follows from the requirement)",
)
def create_mapping(request: HttpRequest, payload: MappingIn):
    require_create(request)
    control = get_scoped(request, Control.objects.all(), payload.control_id)
    require_edit(request, control)
    requirement = Requirement.objects.filter(ref=payload.requirement).first()
    if requirement is None:
        raise ValidationError({"requirement": f"No requirement {payload.requirement}."})
    with transaction.atomic():
        mapping = Mapping(
            control=control,
            requirement=requirement,
            coverage=payload.coverage,
            rationale=payload.rationale,
            owner=request.user,
        )
        mapping.full_clean()
        mapping.save()
    return 201, mapping


@router.patch(
    "/mappings/{int:pk}",
    response={200: MappingOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Change coverage or rationale (send the version you read)",
)
def patch_mapping(request: HttpRequest, pk: int, payload: MappingPatch):
    data = payload.dict(exclude_unset=True)
    with transaction.atomic():
        mapping = get_scoped(request, _mappings(request), pk)
        require_edit(request, mapping.control)
        set_fields(mapping, data, data.pop("version"))
        mapping.save()
    return mapping


@router.delete(
    "/mappings/{int:pk}", response={204: None, 403: ErrorOut, 404: ErrorOut}, summary="Delete"
)
def delete_mapping(request: HttpRequest, pk: int):
    with transaction.atomic():
        mapping = get_scoped(request, _mappings(request), pk)
        permissions.require(permissions.can_delete(request.user, mapping.control))
        mapping.delete()
    return 204, None
