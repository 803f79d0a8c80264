# Annotations stay evaluated here: django-ninja reads the local schema classes from them.
"""Generic REST endpoints of a register's records: list (paginated, filtered), read, create,
update (full or partial, version-checked), delete, and optionally set links. The same permission
rules as the web UI."""

from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from ninja import FilterSchema, Query, Router, Schema
from ninja.orm.fields import TYPES
from ninja.pagination import paginate
from pydantic import ConfigDict

from midora.core import api_scope, audit, permissions
from midora.core.api_errors import ErrorOut
from midora.core.api_links import Link, editable_or_404, set_links
from midora.core.api_listing import IdsFirstPagination, PageWriter, page_writer, written_page
from midora.core.api_schemas import ApiSchemas, link_key, natural_keys, register_links
from midora.core.api_scope import readable
from midora.core.register_framework import Register

__all__ = ["OPERATIONS", "ErrorOut", "apply_payload", "register_router"]

OPERATIONS = ("list", "read", "create", "replace", "patch", "delete")


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


def refuse_nulls(model: type[models.Model], data: dict[str, Any]) -> None:
    """An explicit ``null`` for a field that cannot be empty is a 422 naming the field (never a
    database error)."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    fields.update({f.name: f for f in model._meta.concrete_fields})
    errors = {
        key: "This field cannot be null."
        for key, value in data.items()
        if value is None and key in fields and not fields[key].null
    }
    if errors:
        raise ValidationError(errors)


def set_fields(obj: models.Model, data: dict[str, Any], version: int | None = None) -> None:
    """Set plain fields on a record (explicit nulls refused) and validate the whole record."""
    refuse_nulls(type(obj), data)
    if version is not None:
        obj.version = version
    for key, value in data.items():
        setattr(obj, key, value)
    obj.full_clean()


def apply_payload(request: HttpRequest, obj: models.Model, data: dict[str, Any]) -> None:
    """Set the payload on the record, check scope of entity links, then validate the whole record."""
    refuse_nulls(type(obj), data)
    for attname, entity_id in _fk_entity_ids(type(obj), data):
        if not permissions.entity_allowed(request.user, entity_id):
            raise ValidationError(
                {attname: f"Legal entity {entity_id} does not exist or is not in your scope."}
            )
    _check_record_links(request, type(obj), data)
    for key, value in data.items():
        setattr(obj, key, value)
    obj.full_clean()


def resolve_natural_keys(
    model: type[models.Model], data: dict[str, Any], keys: dict[str, tuple[str, str]]
) -> None:
    """Turn foreign keys given by their natural key (``"requirement": "DORA-5.1"``) into ids,
    or a 422 naming the key."""
    for key, (attname, slug) in keys.items():
        if key not in data:
            continue
        value = data.pop(key)
        if value is None:
            data[attname] = None
            continue
        target = model._meta.get_field(key).related_model
        found = target._default_manager.filter(**{slug: value}).values_list("pk", flat=True)
        pk = next(iter(found), None)
        if pk is None:
            raise ValidationError({key: f"No {target._meta.verbose_name} {value}."})
        data[attname] = pk


def _crud_router(
    *,
    model: type[models.Model],
    schemas: ApiSchemas,
    query_schema: type[FilterSchema],
    tag: str,
    ordering: tuple[str, ...],
    select_related: tuple[str, ...],
    prefetch_related: tuple[str, ...],
    links: dict[str, Link],
    keys: dict[str, tuple[str, str]],
    operations: Collection[str],
    links_summary: str | None,
    links_path: str,
    output_links: dict[str, str],
) -> Router:
    """The list / read / create / replace / patch / delete operations of one record type, and
    with ``links_summary`` a ``PUT /{id}/links`` (or ``/{id}/<links_path>``) that sets its
    many-to-many links alone.

    ``links`` maps payload keys (``"asset_ids"``) to many-to-many fields: they are set after the
    record is saved, in the same transaction, every target checked for scope (and entity).
    ``keys`` maps payload keys to foreign keys given by a natural key (`resolve_natural_keys`).
    ``prefetch_related`` keeps the list at a fixed number of queries whatever its length.
    ``operations`` leaves some out (a record created by a workflow adds its own ``POST /``).
    ``output_links`` maps output keys to the many-to-many fields whose sorted ids they show: the
    list reads them from the link tables, one query each for the page (`api_listing`)."""
    router = Router(tags=[tag])
    out_schema = schemas.output
    label = model._meta.verbose_name
    op = model._meta.model_name

    writer = page_writer(model, out_schema, output_links or {})
    list_prefetch = [p for p in prefetch_related if writer is None or p not in writer.link_fields]

    def scoped(
        request: HttpRequest, prefetch: Collection[str] = prefetch_related
    ) -> models.QuerySet:
        queryset = model._default_manager.select_related(*select_related)
        return readable(request, queryset.prefetch_related(*prefetch))

    def written(view: Any) -> Any:
        return view if writer is None else written_page(writer)(view)

    def get_scoped(request: HttpRequest, pk: int) -> models.Model:
        return api_scope.get_scoped(request, scoped(request), pk)

    def route(name: str, method: str, path: str, **options: Any) -> Any:
        """Publish an operation unless it is left out."""
        if name not in operations:
            return lambda view: view
        return getattr(router, method)(path, operation_id=f"{op}_{name}", **options)

    @route(
        "list",
        "get",
        "/",
        response=list[out_schema],
        summary=f"List {model._meta.verbose_name_plural}",
    )
    @written
    @paginate(IdsFirstPagination)
    def list_records(request: HttpRequest, filters: Query[query_schema]) -> models.QuerySet:  # type: ignore[valid-type]
        _require_stored_integers(filters.dict(exclude_none=True))
        return filters.filter_for(request, scoped(request, list_prefetch)).order_by(*ordering)

    @route(
        "read",
        "get",
        "/{int:pk}",
        response={200: out_schema, 404: ErrorOut},
        summary=f"Read a {label}",
    )
    def read_record(request: HttpRequest, pk: int) -> models.Model:
        return get_scoped(request, pk)

    @route(
        "create",
        "post",
        "/",
        response={201: out_schema, 403: ErrorOut, 422: ErrorOut},
        summary=f"Create a {label}",
    )
    def create_record(request: HttpRequest, payload: schemas.create) -> tuple[int, models.Model]:  # type: ignore[name-defined]
        permissions.require(
            permissions.can_create(request.user, model), "Your role cannot create records."
        )
        obj = model()
        data = payload.dict()
        linked = {key: data.pop(key) for key in links if key in data}
        resolve_natural_keys(model, data, keys)
        with transaction.atomic(), audit.one_event_per_record():  # fields and links: one event
            apply_payload(request, obj, data)
            if hasattr(obj, "owner_id") and obj.owner_id is None:
                obj.owner = request.user
            obj.save()
            set_links(request, obj, linked, links)
        return 201, obj

    def update(request: HttpRequest, pk: int, data: dict[str, Any]) -> models.Model:
        with transaction.atomic(), audit.one_event_per_record():
            obj = get_scoped(request, pk)
            permissions.require(
                permissions.can_edit(request.user, obj), "Your role cannot edit this record."
            )
            obj.version = data.pop("version")
            linked = {key: data.pop(key) for key in links if key in data}
            resolve_natural_keys(model, data, keys)
            apply_payload(request, obj, data)
            obj.save()
            set_links(request, obj, linked, links)
        return obj

    @route(
        "replace",
        "put",
        "/{int:pk}",
        response={200: out_schema, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
        summary=f"Replace a {label} (send the version you read)",
    )
    def replace_record(request: HttpRequest, pk: int, payload: schemas.replace) -> models.Model:  # type: ignore[name-defined]
        return update(request, pk, payload.dict())

    @route(
        "patch",
        "patch",
        "/{int:pk}",
        response={200: out_schema, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
        summary=f"Change some fields of a {label} (send the version you read)",
    )
    def patch_record(request: HttpRequest, pk: int, payload: schemas.patch) -> models.Model:  # type: ignore[name-defined]
        return update(request, pk, payload.dict(exclude_unset=True))

    @route(
        "delete",
        "delete",
        "/{int:pk}",
        response={204: None, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
        summary=f"Delete a {label}",
    )
    def delete_record(request: HttpRequest, pk: int) -> tuple[int, None]:
        with transaction.atomic():
            obj = get_scoped(request, pk)
            permissions.require(
                permissions.can_delete(request.user, obj), "Your role cannot delete this record."
            )
            obj.delete()
        return 204, None

    if links_summary is not None:
        links_schema = _links_schema(model, links)

        @router.put(
            f"/{{int:pk}}/{links_path}",
            response={200: out_schema, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
            summary=links_summary,
            operation_id=f"{op}_{links_path}",
        )
        def set_record_links(request: HttpRequest, pk: int, payload: links_schema) -> models.Model:  # type: ignore[valid-type]
            obj = editable_or_404(request, model, pk)
            set_links(request, obj, payload.dict(exclude_unset=True), links)
            return obj

    return router


def _links_schema(model: type[models.Model], links: dict[str, Link]) -> type[Schema]:
    """The body of ``PUT /{id}/links``: every link of the record, an omitted one left as it is,
    a link the record does not have refused (422 naming it)."""
    return type(
        f"{model.__name__}LinksIn",
        (Schema,),
        {
            "__annotations__": {key: list[int] | None for key in links},
            **dict.fromkeys(links),
            "model_config": ConfigDict(extra="forbid"),
            "__module__": __name__,
            "__doc__": "The full set of links (an omitted list is left as it is).",
        },
    )


INT64 = 2**63 - 1


def _require_stored_integers(values: dict[str, Any]) -> None:
    """A filter number no database column can hold is refused alike on every database (SQLite
    refuses it, PostgreSQL would silently match nothing): 422 through the API's OverflowError
    handler."""
    for value in values.values():
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > INT64:
            raise OverflowError("filter value beyond a 64-bit integer")


def register_router(
    register: Register,
    *,
    tag: str,
    ordering: tuple[str, ...] | None = None,
    operations: Collection[str] = OPERATIONS,
    links_summary: str | None = None,
    links_path: str = "links",
) -> Router:
    """The CRUD operations of a register, everything derived from its declaration: schemas from
    ``api_fields``, ``api_read_only``, ``api_keys``, ``api_fixed`` and ``api_outputs``, list
    filters from its FilterSet (the web list's query string works on the API too) and its
    ``api_filters``, links from its many-to-many fields. ``operations`` leaves some out: a
    record created by a workflow publishes its own ``POST /`` on the router returned.
    ``links_summary`` adds ``PUT /{id}/links`` (``links_path`` names it otherwise), which sets the
    record's links alone."""
    links = register_links(register)
    return _crud_router(
        model=register.model,
        schemas=register.api_schemas,
        query_schema=_query_schema(register),
        tag=tag,
        ordering=ordering or (*register.ordering, "pk"),
        select_related=tuple(register.select_related),
        prefetch_related=tuple(
            dict.fromkeys([*(link.field for link in links.values()), *register.prefetch_related])
        ),
        links=links,
        keys=natural_keys(register),
        operations=operations,
        links_summary=links_summary,
        links_path=links_path,
        output_links=output_links(register),
    )


def output_links(register: Register) -> dict[str, str]:
    """Output keys and the many-to-many fields whose sorted ids they show, read from the link
    tables (`api_listing`); a link the register prefetches is read through its prefetch."""
    return {
        link_key(name): name
        for name in [*register.api_fields, *register.api_read_only]
        if register.model._meta.get_field(name).many_to_many
        and name not in register.prefetch_related
    }


def record_writer(register: Register) -> PageWriter | None:
    """The writer of one record of the register as its output schema's JSON (None: the schema
    keeps django-ninja's path, see `api_listing`)."""
    return page_writer(register.model, register.api_schemas.output, output_links(register))


def _query_schema(register: Register) -> type[FilterSchema]:
    """The list's query parameters: the FilterSet's (as text, checked by it) and the exact
    ``api_filters`` (typed by their model field: a link's id is a number)."""
    filterset_class = register.filterset_class
    fields: dict[str, Any] = dict.fromkeys(filterset_class.base_filters, str | None)
    exact: set[str] = set()
    for name in register.api_filters:
        field = register.model._meta.get_field(name)
        if field.attname in fields:
            continue  # a declared filter of that name wins
        kind = int if field.is_relation else TYPES[field.get_internal_type()]
        fields[field.attname] = kind | None
        exact.add(field.attname)
    return type(
        f"{register.model.__name__}Query",
        (FilterSchema,),
        {
            "__annotations__": fields,
            **dict.fromkeys(fields),
            "__module__": __name__,
            "filter_for": _filterset_filter(filterset_class, exact),
        },
    )


def _filterset_filter(filterset_class: type, exact: set[str]) -> Any:
    def filter_for(
        self: FilterSchema, request: HttpRequest, queryset: models.QuerySet
    ) -> models.QuerySet:
        values = self.dict(exclude_none=True)
        lookups = {key: values.pop(key) for key in exact & values.keys()}
        queryset = filterset_class(values, queryset=queryset, request=request).qs
        return queryset.filter(**lookups) if lookups else queryset

    return filter_for
