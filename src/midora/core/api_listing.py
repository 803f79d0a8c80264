"""The list operation's page written without a validator per attribute.

django-ninja validates each record of a list through its output schema from attributes: every
field read through a Python getter, every nested object (a rating, a warning) validated the same
way, every link list from a prefetch that builds a manager and a queryset per record and link.
For a page of fifty risks that is most of the request. Here each record becomes a plain dict
(attributes read directly, the schema's resolvers called once, link ids from one query per link
table for the whole page) and the page is validated in one call against typed dicts with the
output schema's own field types, so every value is checked and converted exactly as before and
the JSON is byte for byte the same. A schema this cannot mirror (a default, an alias, its own
validators, an instance resolver) keeps django-ninja's path.
"""

from __future__ import annotations

import inspect
import operator
import types
import typing
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import reduce, wraps
from typing import Annotated, Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.manager import BaseManager
from django.http import HttpRequest, HttpResponse
from django.template import Variable, VariableDoesNotExist
from ninja import Schema
from ninja.pagination import LimitOffsetPagination
from ninja.renderers import JSONRenderer
from pydantic import Field, TypeAdapter
from typing_extensions import TypedDict

__all__ = ["IdsFirstPagination", "PageWriter", "page_writer", "written_page", "written_record"]

_MISSING = object()
_RENDERER = JSONRenderer()
_OWN_VALIDATOR = "_run_root_validator"  # django-ninja's attribute reader, replaced here
_CONTAINERS = (list, dict, tuple, set, frozenset, types.UnionType, typing.Union)


def _plain_fields(schema: type[Schema]) -> bool:
    """Every field required, no alias, no validator of the schema's own."""
    decorators = schema.__pydantic_decorators__
    own = [
        *decorators.field_validators,
        *decorators.model_validators,
        *decorators.field_serializers,
        *decorators.model_serializers,
        *decorators.validators,
        *decorators.root_validators,
    ]
    if [name for name in own if name != _OWN_VALIDATOR]:
        return False
    return all(
        info.is_required() and info.alias is None and info.validation_alias is None
        for info in schema.model_fields.values()
    )


def _mirror(annotation: Any) -> Any:
    """The annotation with every nested schema also accepted as a typed dict of the same fields
    (a dict from a resolver is validated without reading it attribute by attribute)."""
    if isinstance(annotation, type) and issubclass(annotation, Schema):
        if not _plain_fields(annotation):
            return annotation
        either = _typed_dict(annotation) | annotation
        return Annotated[either, Field(union_mode="left_to_right")]  # a dict: no attribute reads
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if not args or origin not in _CONTAINERS:
        return annotation
    mirrored = tuple(_mirror(arg) for arg in args)
    if origin in (types.UnionType, typing.Union):
        return reduce(operator.or_, mirrored)
    return origin[mirrored] if len(mirrored) > 1 else origin[mirrored[0]]


def _typed_dict(schema: type[Schema]) -> Any:
    fields = {name: _mirror(info.annotation) for name, info in schema.model_fields.items()}
    return TypedDict(f"{schema.__name__}Row", fields)  # type: ignore[operator]


def _convert(value: Any) -> Any:
    """What django-ninja makes of an attribute (its `DjangoGetter`): managers and querysets
    listed, methods called, files as their URL."""
    if isinstance(value, BaseManager):
        return list(value.all())
    if isinstance(value, models.QuerySet):
        return list(value)
    if callable(value):
        return value()
    if isinstance(value, FieldFile):
        return value.url if value else None
    return value


def _attribute(obj: Any, key: str) -> Any:
    value = getattr(obj, key, _MISSING)
    if value is _MISSING:
        try:
            value = Variable(key).resolve(obj)
        except VariableDoesNotExist:
            return _MISSING
    return _convert(value)


class _LinkIds:
    """The sorted target ids of one many-to-many field for a page of records, one query."""

    def __init__(self, model: type[models.Model], name: str) -> None:
        field = model._meta.get_field(name)
        through = field.remote_field.through
        self.source = through._meta.get_field(field.m2m_field_name()).attname
        self.target = through._meta.get_field(field.m2m_reverse_field_name()).attname
        self.through = through
        self.to_entities = field.related_model._meta.label == "core.LegalEntity"

    def load(self, request: HttpRequest, ids: list[Any]) -> dict[Any, list[int]]:
        pairs = self.through._default_manager.filter(**{f"{self.source}__in": ids})
        found: dict[Any, list[int]] = defaultdict(list)
        for source, target in pairs.values_list(self.source, self.target):
            found[source].append(target)
        return self.shown(request, found)

    def shown(self, request: HttpRequest, found: dict[Any, list[int]]) -> dict[Any, list[int]]:
        """The target ids of each record as the output shows them: sorted, once each, links to
        entities the reader may not see left out."""
        visible = _granted(request) if self.to_entities else None
        return {
            pk: sorted({t for t in targets if visible is None or t in visible})
            for pk, targets in found.items()
        }


def _granted(request: HttpRequest) -> set[int] | None:
    """The entity ids a reader may see named in a link (None: every one)."""
    from midora.core import permissions

    if permissions.sees_all_entities(request.user):
        return None
    return set(permissions.granted_entity_ids(request.user))


def _plain_link(model: type[models.Model], name: str) -> bool:
    """Links read from the link table: a target model whose manager hides nothing."""
    field = model._meta.get_field(name)
    if not field.many_to_many or field.remote_field.through is None:
        return False
    manager = field.related_model._default_manager
    through_fk = field.remote_field.through._meta.get_field(field.m2m_reverse_field_name())
    return (
        type(manager).get_queryset is BaseManager.get_queryset
        and through_fk.target_field.primary_key
    )


class PageWriter:
    """Writes a page of records of one model as its output schema's JSON."""

    def __init__(
        self, model: type[models.Model], schema: type[Schema], links: dict[str, str]
    ) -> None:
        read = {
            key: name
            for key, name in links.items()
            if key in schema.model_fields and _plain_link(model, name)
        }
        self.links = {key: _LinkIds(model, name) for key, name in read.items()}
        self.link_fields = set(read.values())
        self.readers: list[tuple[str, Callable[..., Any] | None, bool]] = []
        for key in schema.model_fields:
            resolver = schema._ninja_resolvers.get(key)
            if key in self.links or resolver is None:
                self.readers.append((key, None, False))
            else:
                func = resolver._func
                takes_context = "context" in inspect.signature(func).parameters
                self.readers.append((key, func, takes_context))
        row = _typed_dict(schema)
        self.adapter: TypeAdapter[Any] = TypeAdapter(list[row])

    def rows(
        self,
        request: HttpRequest,
        objects: Iterable[Any],
        known: dict[str, dict[Any, list[int]]] | None = None,
    ) -> list[dict[str, Any]]:
        """The records as the output schema's values. ``known`` gives the target ids of links
        the caller has just set (per output key, per record id): they are not read again."""
        objects = list(objects)
        ids = [obj.pk for obj in objects]
        known = known or {}
        loaded = {
            key: link.shown(request, known[key]) if key in known else link.load(request, ids)
            for key, link in self.links.items()
            if ids
        }
        context = {"request": request, "response_status": 200}
        out = []
        for obj in objects:
            row: dict[str, Any] = {}
            for key, func, takes_context in self.readers:
                if key in loaded:
                    row[key] = loaded[key].get(obj.pk, [])
                    continue
                if func is None:
                    value = _attribute(obj, key)
                    if value is _MISSING:
                        continue  # reported as missing by the validation, as before
                else:
                    value = _convert(func(obj, context=context) if takes_context else func(obj))
                row[key] = value
            out.append(row)
        return self.adapter.dump_python(self.adapter.validate_python(out))


def page_writer(
    model: type[models.Model], schema: type[Schema], links: dict[str, str]
) -> PageWriter | None:
    """A writer for the schema, or None when django-ninja's path must stay (see the module)."""
    if not _plain_fields(schema):
        return None
    resolvers = schema._ninja_resolvers.values()
    if not all(getattr(r, "_static", False) for r in resolvers):
        return None
    return PageWriter(model, schema, links)


class IdsFirstPagination(LimitOffsetPagination):
    """``limit`` and ``offset`` as django-ninja's, the page's records chosen by their ids: the
    database finds the ids of the page by walking the list's index, however deep the offset,
    and joins and reads only those records (one query directly at offset 25,000 joins and reads
    every skipped row). The same number of queries as a plain slice."""

    def paginate_queryset(
        self,
        queryset: models.QuerySet,
        pagination: LimitOffsetPagination.Input,
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        offset, limit = pagination.offset, min(pagination.limit, self.max_limit)
        if queryset.query.distinct:  # its ordering columns would join the ids: a plain slice
            items = list(queryset[offset : offset + limit])
        else:
            items = list(queryset.filter(pk__in=queryset.values("pk")[offset : offset + limit]))
        return {
            self.items_attribute: items,
            "count": self._items_count(queryset),
        }


def written_page(writer: PageWriter) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Wraps a paginated list view: its page of records is answered through ``writer``."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def list_page(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            page = view(request, **kwargs)
            data = {**page, "items": writer.rows(request, page["items"])}
            content = _RENDERER.render(request, data, response_status=200)
            return HttpResponse(content, content_type=_content_type())

        return list_page

    return decorate


def written_record(
    writer: PageWriter,
    request: HttpRequest,
    obj: Any,
    status: int,
    known: dict[str, list[int]] | None = None,
) -> HttpResponse:
    """One record answered through ``writer``: the JSON django-ninja's output schema would write.
    ``known`` gives the target ids of links just set (by output key), which are not read again."""
    links = {key: {obj.pk: ids} for key, ids in (known or {}).items()}
    (row,) = writer.rows(request, [obj], links)
    content = _RENDERER.render(request, row, response_status=status)
    return HttpResponse(content, status=status, content_type=_content_type())


def _content_type() -> str:
    return f"{_RENDERER.media_type}; charset={_RENDERER.charset}"
