"""Audit many-to-many changes of tracked records (save() sees only concrete fields)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from midora.core import audit
from midora.core.audit_scope import backfill_record, scope_path_of
from midora.core.models import TrackedModel


def _field_name(instance: Any, through: Any) -> str | None:
    for field in instance._meta.many_to_many:
        if field.remote_field.through is through:
            return field.name
    return None


@receiver(m2m_changed)
def audit_m2m(sender: Any, instance: Any, action: str, reverse: bool, **kwargs: Any) -> None:
    if audit.is_suppressed():
        return
    if reverse:
        _audit_from_reverse_side(sender, instance, action, kwargs["model"], kwargs["pk_set"])
        return
    if not isinstance(instance, TrackedModel):
        return
    name = _field_name(instance, sender)
    if name is None:
        return
    if action.startswith("pre_"):
        before = sorted(getattr(instance, name).values_list("pk", flat=True))
        instance.__dict__.setdefault("_m2m_before", {})[name] = before
    elif action.startswith("post_"):
        before = instance.__dict__.get("_m2m_before", {}).pop(name, [])
        after = sorted(getattr(instance, name).values_list("pk", flat=True))
        if before != after:
            audit.record_change(instance, audit.UPDATE, {name: [before, after]})
            if name == scope_path_of(type(instance)):
                backfill_record(instance, after)


def _audit_from_reverse_side(
    through: Any, instance: Any, action: str, model: Any, pk_set: set[Any] | None
) -> None:
    """A link changed from the other side (`entity.used_arrangements.add(...)`): the records that
    own the link field get their event, as if changed from their side."""
    if not issubclass(model, TrackedModel):
        return
    name = next(
        (f.name for f in model._meta.many_to_many if f.remote_field.through is through), None
    )
    if name is None:
        return
    key = (model._meta.label_lower, name)
    pending = instance.__dict__.setdefault("_m2m_reverse_before", {})
    if action.startswith("pre_"):
        pks = (
            set(pk_set or ())
            if action != "pre_clear"
            else set(model._base_manager.filter(**{name: instance}).values_list("pk", flat=True))
        )
        pending[key] = audit.links_of(model, name, pks)
    elif action.startswith("post_"):
        before = pending.pop(key, {})
        after = audit.links_of(model, name, set(before))
        records = model._base_manager.in_bulk(
            [pk for pk in before if before[pk] != after.get(pk, [])]
        )
        for pk, record in records.items():
            audit.record_change(record, audit.UPDATE, {name: [before[pk], after[pk]]})
            if name == scope_path_of(model):
                backfill_record(record, after[pk])
