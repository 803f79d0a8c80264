# Annotations stay evaluated here: django-ninja reads the local schema classes from them.
"""Generic REST endpoints for a tracked record: list (paginated, filtered), read, create, update
(full or partial, version-checked), delete. The same permission rules as the web UI."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest
from ninja import FilterSchema, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from midora.core import permissions


class ErrorOut(Schema):
    detail: Any


def _fk_entity_ids(model: type[models.Model], data: dict[str, Any]) -> list[tuple[str, int]]:
    """(field_name, id) of every LegalEntity foreign key set in the payload."""
    from midora.core.models import LegalEntity

    found = []
    for field in model._meta.concrete_fields:
        is_entity_link = isinstance(field, models.ForeignKey) and field.related_model is LegalEntity
        if is_entity_link and data.get(field.attname) is not None:
            found.append((field.attname, data[field.attname]))
    return found


def _check_record_links(
    request: HttpRequest, model: type[models.Model], data: dict[str, Any]
) -> None:
    """Links to other scoped records (an arrangement, a function ...) must be in the user's scope."""
    from midora.core.models import LegalEntity, TrackedModel

    for field in model._meta.concrete_fields:
        related = getattr(field, "related_model", None)
        value = data.get(field.attname)
        if (
            not isinstance(field, models.ForeignKey)
            or related is LegalEntity
            or not (isinstance(related, type) and issubclass(related, TrackedModel))
            or value is None
        ):
            continue
        if not permissions.scope(request.user, related._default_manager.filter(pk=value)).exists():
            raise ValidationError(
                {
                    field.attname: f"{related._meta.verbose_name} {value} does not exist or is not in your scope."
                }
            )


def apply_payload(request: HttpRequest, obj: models.Model, data: dict[str, Any]) -> None:
    """Set the payload on the record, check scope of entity links, then validate the whole record."""
    for attname, entity_id in _fk_entity_ids(type(obj), data):
        if not permissions.entity_allowed(request.user, entity_id):
            raise ValidationError(
                {attname: f"Legal entity {entity_id} does not exist or is not in your scope."}
            )
    _check_record_links(request, type(obj), data)
    for key, value in data.items():
        setattr(obj, key, value)
    obj.full_clean()


def crud_router(
    *,
    model: type[models.Model],
    out_schema: type[Schema],
    in_schema: type[Schema],
    patch_schema: type[Schema],
    filter_schema: type[FilterSchema],
    tag: str,
    ordering: tuple[str, ...] = ("pk",),
    select_related: tuple[str, ...] = (),
    prefetch_related: tuple[str, ...] = (),
) -> Router:
    router = Router(tags=[tag])
    label = model._meta.verbose_name
    op = model._meta.model_name
    replace_schema = type(
        f"{in_schema.__name__}Replace",
        (in_schema,),
        {"__annotations__": {"version": int}, "__module__": in_schema.__module__},
    )

    def scoped(request: HttpRequest) -> models.QuerySet:
        permissions.require(
            permissions.can_read_registers(request.user), "Your role cannot read registers."
        )
        return permissions.scope(
            request.user,
            model._default_manager.select_related(*select_related).prefetch_related(
                *prefetch_related
            ),
        )

    def get_scoped(request: HttpRequest, pk: int) -> models.Model:
        obj = scoped(request).filter(pk=pk).first()
        if obj is None:
            raise Http404(f"No {label} with id {pk} in your scope.")
        return obj

    @router.get(
        "/",
        response=list[out_schema],
        summary=f"List {model._meta.verbose_name_plural}",
        operation_id=f"{op}_list",
    )
    @paginate(LimitOffsetPagination)
    def list_records(request: HttpRequest, filters: Query[filter_schema]) -> models.QuerySet:  # type: ignore[valid-type]
        return filters.filter(scoped(request)).order_by(*ordering)

    @router.get(
        "/{int:pk}",
        response={200: out_schema, 404: ErrorOut},
        summary=f"Read a {label}",
        operation_id=f"{op}_read",
    )
    def read_record(request: HttpRequest, pk: int) -> models.Model:
        return get_scoped(request, pk)

    @router.post(
        "/",
        response={201: out_schema, 403: ErrorOut, 422: ErrorOut},
        summary=f"Create a {label}",
        operation_id=f"{op}_create",
    )
    def create_record(request: HttpRequest, payload: in_schema) -> tuple[int, models.Model]:  # type: ignore[valid-type]
        permissions.require(
            permissions.can_create(request.user, model), "Your role cannot create records."
        )
        obj = model()
        with transaction.atomic():
            apply_payload(request, obj, payload.dict())
            if hasattr(obj, "owner_id") and obj.owner_id is None:
                obj.owner = request.user
            obj.save()
        return 201, obj

    def update(request: HttpRequest, pk: int, data: dict[str, Any]) -> models.Model:
        with transaction.atomic():
            obj = get_scoped(request, pk)
            permissions.require(
                permissions.can_edit(request.user, obj), "Your role cannot edit this record."
            )
            obj.version = data.pop("version")
            apply_payload(request, obj, data)
            obj.save()
        return obj

    @router.put(
        "/{int:pk}",
        response={200: out_schema, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
        summary=f"Replace a {label} (send the version you read)",
        operation_id=f"{op}_replace",
    )
    def replace_record(request: HttpRequest, pk: int, payload: replace_schema) -> models.Model:  # type: ignore[valid-type]
        return update(request, pk, payload.dict())

    @router.patch(
        "/{int:pk}",
        response={200: out_schema, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
        summary=f"Change some fields of a {label} (send the version you read)",
        operation_id=f"{op}_patch",
    )
    def patch_record(request: HttpRequest, pk: int, payload: patch_schema) -> models.Model:  # type: ignore[valid-type]
        return update(request, pk, payload.dict(exclude_unset=True))

    @router.delete(
        "/{int:pk}",
        response={204: None, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
        summary=f"Delete a {label}",
        operation_id=f"{op}_delete",
    )
    def delete_record(request: HttpRequest, pk: int) -> tuple[int, None]:
        with transaction.atomic():
            obj = get_scoped(request, pk)
            permissions.require(
                permissions.can_delete(request.user, obj), "Your role cannot delete this record."
            )
            obj.delete()
        return 204, None

    return router
