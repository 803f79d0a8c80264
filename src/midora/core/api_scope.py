"""The API's scoping rule in one place: what a user may read, the record or 404, may they write.

Every operation (the generic ones of `register_router` and the hand-written ones of the apps) reads
through these, so "records of entities not granted answer 404" has one implementation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest

from midora.core import permissions

F = TypeVar("F", bound=Callable[..., Any])


def readable(
    request: HttpRequest, queryset: models.QuerySet, entity_id: int | None = None
) -> models.QuerySet:
    """The records of ``queryset`` in the user's entities; 403 for a role that reads no register.
    ``entity_id`` narrows them to one entity along the model's scope path (the entity filter of
    every register), for the figures of an area (heatmap, coverage, sources, gaps)."""
    permissions.require(
        permissions.can_read_registers(request.user), "Your role cannot read registers."
    )
    scoped = permissions.scope(request.user, queryset)
    if entity_id is None:
        return scoped
    from midora.core.register_framework import ENTITY_FILTER

    return ENTITY_FILTER.apply(scoped, str(entity_id))


def get_scoped(request: HttpRequest, queryset: models.QuerySet, pk: Any, field: str = "pk") -> Any:
    """One record in the user's scope, else 404 (absent and not granted answer the same)."""
    obj = readable(request, queryset).filter(**{field: pk}).first()
    if obj is None:
        raise Http404(f"No {queryset.model._meta.verbose_name} {pk} in your scope.")
    return obj


def require_edit(request: HttpRequest, obj: models.Model) -> None:
    permissions.require(
        permissions.can_edit(request.user, obj), "Your role cannot edit this record."
    )


def require_create(request: HttpRequest) -> None:
    permissions.require(permissions.can_create(request.user), "Your role cannot create records.")


def scoped_entities(request: HttpRequest, ids: list[int], field: str = "entity_ids") -> list:
    """The entities named by id, all in the user's scope, or a 422 naming the first bad one."""
    from midora.core.models import LegalEntity

    entities = list(permissions.scope(request.user, LegalEntity.objects.filter(pk__in=ids)))
    found = {e.pk for e in entities}
    for entity_id in ids:
        if entity_id not in found:
            raise ValidationError(
                {field: f"Legal entity {entity_id} does not exist or is not in your scope."}
            )
    return entities


def open_to_readers(view: F) -> F:
    """Mark a write operation that read-only roles may call (an auditor builds an evidence pack of
    what they may read); every other write answers 403 to them before its input is read."""
    view.open_to_readers = True  # type: ignore[attr-defined]
    return view
