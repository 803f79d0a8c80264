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
    if reverse or not isinstance(instance, TrackedModel) or audit.is_suppressed():
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
