"""Setting a record's many-to-many links through the API: every target checked for scope
(and, where the link demands it, for belonging to the record's own entity)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest

from midora.core import permissions


@dataclass(frozen=True)
class Link:
    """One settable link: the m2m field and whether targets must share the record's entity (the
    target model is the field's own)."""

    field: str
    same_entity: bool = True


def editable_or_404(request: HttpRequest, model: type[models.Model], pk: int) -> Any:
    """The record if it is in the user's scope (else 404) and the user may edit it (else 403)."""
    permissions.require(
        permissions.can_read_registers(request.user), "Your role cannot read registers."
    )
    obj = permissions.scope(request.user, model._default_manager.all()).filter(pk=pk).first()
    if obj is None:
        raise Http404(f"No {model._meta.verbose_name} with id {pk} in your scope.")
    permissions.require(
        permissions.can_edit(request.user, obj), "Your role cannot edit this record."
    )
    return obj


def set_links(
    request: HttpRequest, obj: Any, data: Mapping[str, list[int] | None], links: Mapping[str, Link]
) -> None:
    """Replace the links named in `data` (None leaves one as it is); all or nothing, with every
    refused id listed per key."""
    errors: dict[str, str] = {}
    resolved: dict[str, list[Any]] = {}
    for key, ids in data.items():
        if ids is None:
            continue
        link = links.get(key)
        if link is None:
            errors[key] = f"{type(obj)._meta.verbose_name} has no {key} link."
            continue
        target = type(obj)._meta.get_field(link.field).related_model
        targets = permissions.scope(request.user, target._default_manager.filter(pk__in=ids))
        if link.same_entity:
            targets = targets.filter(entity_id=obj.entity_id)
        found = list(targets)
        missing = sorted(set(ids) - {t.pk for t in found})
        if missing:
            errors[key] = (
                f"Not found in your scope{' for this entity' if link.same_entity else ''}: {missing}"
            )
        resolved[link.field] = found
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for field, found in resolved.items():
            getattr(obj, field).set(found)
