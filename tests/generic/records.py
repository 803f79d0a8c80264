"""Picking the records a generic test works on, and signing in per role."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.test import Client

from midora.core import permissions
from midora.core.models import LegalEntity
from tests.generic.discovery import mounted_registers


def register_of(key: str) -> Any:
    return mounted_registers()[key].register


def pages_of(key: str) -> frozenset[str]:
    return mounted_registers()[key].url_names


def in_scope(world: Any, model: type[models.Model]) -> models.Model | None:
    """A record of the granted entity (what the scoped roles may read)."""
    user = world.users["compliance_manager"]
    return permissions.scope(user, model._default_manager.order_by("pk")).first()


def out_of_scope(world: Any, model: type[models.Model]) -> models.Model | None:
    """A record none of whose entities is granted (answers 404 to the scoped roles); None for
    reference data, which belongs to no entity.

    Where the demo links every record to every entity (controls, their mappings, assessments),
    the last record of the granted entity is taken out of it for the test."""
    if permissions.is_reference_data(model):
        return None
    user = world.users["compliance_manager"]
    visible = permissions.scope(user, model._default_manager.all()).values("pk")
    found = model._default_manager.exclude(pk__in=visible).order_by("pk").first()
    if found is not None:
        return found
    obj = permissions.scope(user, model._default_manager.order_by("-pk")).first()
    if obj is None:
        return None
    *hops, last = model.scope_path.split("__")
    holder = obj
    for hop in hops:
        holder = getattr(holder, hop)
    links = getattr(holder, last)
    others = LegalEntity.objects.exclude(pk=world.granted.pk)
    links.set([e for e in links.all() if e.pk != world.granted.pk] or [others.first()])
    return model._default_manager.get(pk=obj.pk)


def granted_without_dossier(world: Any) -> int:
    """An entity without a dossier, granted to the compliance manager for this test (the
    savepoint takes the grant back): where a new dossier may be opened."""
    from midora.authorisation.models import Dossier

    user = world.users["compliance_manager"]
    taken = Dossier.objects.values("entity_id")
    entity = LegalEntity.objects.exclude(pk__in=taken).order_by("pk").first()
    assert entity is not None, "every entity of the demo has a dossier"
    user.profile.entities.add(entity)
    user.__dict__.pop("_granted_entity_ids", None)
    return entity.pk


def owned_by(obj: models.Model, user: Any) -> models.Model:
    """The record, now owned by `user` (written without an event: the test's own setup)."""
    type(obj)._base_manager.filter(pk=obj.pk).update(owner=user)
    return type(obj)._default_manager.get(pk=obj.pk)


def web(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client
