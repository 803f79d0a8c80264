"""The bulk "Link to…" action: link every selected record to one record (a risk to a control, an
asset to a provider ...) through one of the register's many-to-many links.

Each selected record is checked through the register's own edit form, as if the user had opened
the record, added the one link and saved: the user must be allowed to edit the record, the target
must be among the choices the form offers that user (their entities, the link's own limits), and
the form's rules must hold (a risk links assets of its own entity ...). One refusal changes
nothing and the message names each refused record with its reason. The saves run through the
form in one transaction, one audit event per changed record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from midora.core import audit, permissions
from midora.core.register_framework import Register


@dataclass(frozen=True)
class LinkChoice:
    """One many-to-many link a register's form edits: the field and its label."""

    name: str
    label: str


def link_choices(register: Register, user: Any) -> list[LinkChoice]:
    """The links the list offers to set in bulk: the form's multiple-choice record fields, for a
    role that edits records."""
    form = register.form_class
    if form is None or not permissions.can_create(user):
        return []
    found = []
    for name, field in form.base_fields.items():
        if not isinstance(field, forms.ModelMultipleChoiceField):
            continue
        try:
            label = register.model._meta.get_field(name).verbose_name
        except FieldDoesNotExist:
            label = field.label or name
        found.append(LinkChoice(name, capfirst(str(label))))
    return found


def targets(register: Register, user: Any, name: str) -> models.QuerySet:
    """The records the form offers this user in link `name` (scoped to their entities)."""
    form = register.form_class(user=user)  # type: ignore[misc]
    return form.fields[name].queryset


def target_choices(register: Register, user: Any, name: str) -> list[tuple[int, str]]:
    """The link's targets as the chooser lists them: named as the form names them, with their
    entity (records of different entities share names)."""
    field = register.form_class(user=user).fields[name]  # type: ignore[misc]
    queryset = field.queryset
    has_entity = any(f.name == "entity" for f in queryset.model._meta.concrete_fields)
    if has_entity:
        queryset = queryset.select_related("entity")
    choices = []
    for obj in queryset:
        label = str(field.label_from_instance(obj))
        entity = getattr(obj, "entity", None) if has_entity else None
        if entity is not None and entity.name not in label:
            label = f"{label} — {entity.name}"
        choices.append((obj.pk, label))
    return choices


def as_submitted(form: forms.BaseForm) -> dict[str, Any]:
    """The data an unchanged submission of `form` would carry (what its inputs hold)."""
    return {form.add_prefix(name): form[name].value() for name in form.fields}


def _reasons(form: forms.BaseForm) -> str:
    messages = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        text = " ".join(str(e) for e in errors)
        messages.append(f"{label}: {text}" if label else text)
    return " ".join(messages)


def link_forms(
    register: Register, user: Any, records: list[models.Model], name: str, target: models.Model
) -> tuple[list[forms.BaseForm], list[str], int]:
    """The bound edit forms that add `target` to link `name` of each record, the refusals (one
    sentence per refused record) and how many records already had the link."""
    bound, refused, already = [], [], 0
    for obj in records:
        if not permissions.can_edit(user, obj):
            refused.append(_("“%(record)s”: your role cannot edit it") % {"record": obj})
            continue
        if getattr(obj, name).filter(pk=target.pk).exists():
            already += 1
            continue
        blank = register.form_class(instance=obj, user=user)  # type: ignore[misc]
        if not blank.fields[name].queryset.filter(pk=target.pk).exists():
            refused.append(
                _("“%(record)s”: it cannot link to “%(target)s”")
                % {"record": obj, "target": target}
            )
            continue
        data = as_submitted(blank)
        key = blank.add_prefix(name)
        data[key] = [*(data.get(key) or []), target.pk]
        form = register.form_class(data=data, instance=obj, user=user)  # type: ignore[misc]
        if form.is_valid():
            bound.append(form)
        else:
            refused.append(f"“{obj}”: {_reasons(form)}")
    return bound, refused, already


def save_links(bound: list[forms.BaseForm]) -> None:
    """Save the forms in one transaction: all or nothing, one audit event per record."""
    with transaction.atomic(), audit.one_event_per_record():
        for form in bound:
            form.save()
