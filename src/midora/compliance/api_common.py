"""Helpers shared by the compliance API routers: scoped reads, edit checks, version checks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest

from midora.core import permissions
from midora.core.models import LegalEntity


def readable(request: HttpRequest, queryset: models.QuerySet) -> models.QuerySet:
    permissions.require(
        permissions.can_read_registers(request.user), "Your role cannot read registers."
    )
    return permissions.scope(request.user, queryset)


def get_scoped(request: HttpRequest, queryset: models.QuerySet, pk: Any, field: str = "pk"):
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
    entities = list(permissions.scope(request.user, LegalEntity.objects.filter(pk__in=ids)))
    found = {e.pk for e in entities}
    for entity_id in ids:
        if entity_id not in found:
            raise ValidationError(
                {field: f"Legal entity {entity_id} does not exist or is not in your scope."}
            )
    return entities


def set_fields(obj: models.Model, data: dict[str, Any], version: int | None = None) -> None:
    if version is not None:
        obj.version = version
    for key, value in data.items():
        setattr(obj, key, value)
    obj.full_clean()
