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
    from midora.core.models import LegalEntity

    errors: dict[str, str] = {}
    resolved: dict[str, list[Any]] = {}
    for key, ids in data.items():
        if ids is None:
            _require_own_entity(request, obj, links.get(key), errors, key)
            continue
        link = links.get(key)
        if link is None:
            errors[key] = f"{type(obj)._meta.verbose_name} has no {key} link."
            continue
        target = type(obj)._meta.get_field(link.field).related_model
        to_entities = target is LegalEntity  # the entities themselves: none is "its own"
        same_entity = link.same_entity and not to_entities
        targets = permissions.scope(request.user, target._default_manager.filter(pk__in=ids))
        if same_entity:
            targets = targets.filter(entity_id=obj.entity_id)
        found = list(targets)
        missing = sorted(set(ids) - {t.pk for t in found})
        if target is type(obj) and obj.pk in ids:  # an asset depending on itself, ...
            errors[key] = f"A {type(obj)._meta.verbose_name} cannot be linked to itself."
        elif missing:
            errors[key] = (
                f"Not found in your scope{' for this entity' if same_entity else ''}: {missing}"
            )
        elif to_entities:
            found = _entities_kept(request, obj, link.field, found, errors, key)
        resolved[link.field] = found
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for field, found in resolved.items():
            getattr(obj, field).set(found)


def _scoped_by(obj: Any, link: Link | None) -> bool:
    return link is not None and getattr(type(obj), "scope_path", "") == link.field


def _entities_kept(
    request: HttpRequest,
    obj: Any,
    field: str,
    named: list[Any],
    errors: dict[str, str],
    key: str,
) -> list[Any]:
    """Entities a user sets on a record: those they do not see stay linked (they cannot name
    them), and a record scoped by these links keeps at least one of theirs (else they would
    lose it)."""
    if permissions.sees_all_entities(request.user):
        return named
    granted = permissions.granted_entity_ids(request.user)
    kept = [e for e in getattr(obj, field).all() if e.pk not in granted] if obj.pk else []
    if getattr(type(obj), "scope_path", "") == field and not named:
        errors[key] = "Name at least one legal entity of yours."
    return [*named, *kept]


def _require_own_entity(
    request: HttpRequest, obj: Any, link: Link | None, errors: dict[str, str], key: str
) -> None:
    """A record scoped by its entity links, left without one of the user's: refused (a new
    record whose entities are not named would be out of its creator's sight)."""
    if not _scoped_by(obj, link) or permissions.sees_all_entities(request.user):
        return
    granted = permissions.granted_entity_ids(request.user)
    if not getattr(obj, link.field).filter(pk__in=granted).exists():
        errors[key] = "Name at least one legal entity of yours."
