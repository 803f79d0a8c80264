"""Audit events as people read them: field labels, values with their display names, creations
and deletions with their values, updates as before → after, links as added and removed."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models

from midora.core import formatting

MISSING = "—"


@dataclass(frozen=True)
class ChangeLine:
    """One field of an event: `kind` is "set" (created), "unset" (deleted), "changed" or "links"."""

    field: str
    label: str
    kind: str
    before: str = ""
    after: str = ""
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def model_of(record_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(record_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed, or a computed key
        return None


def field_label(model: type[models.Model] | None, name: str) -> str:
    field = _field(model, name)
    label = getattr(field, "verbose_name", None) or name.replace("_", " ")
    return str(label)[:1].upper() + str(label)[1:]


def _pairs(event: Any) -> dict[str, tuple[Any, Any]]:
    """{field: (before, after)} whatever the event's stored shape (a creation stores values)."""
    changes = event.changes or {}
    if event.action == "create":
        return {k: (None, _value_of_pair(v, after=True)) for k, v in changes.items()}
    if event.action == "delete":
        return {k: (_value_of_pair(v, after=False), None) for k, v in changes.items()}
    return {
        k: (v[0], v[1]) if isinstance(v, list) and len(v) == 2 else (None, v)
        for k, v in changes.items()
    }


def _value_of_pair(value: Any, *, after: bool) -> Any:
    """Creation events store plain values; some writers store [None, value] pairs instead."""
    if isinstance(value, list) and len(value) == 2 and value[0 if after else 1] is None:
        return value[1 if after else 0]
    return value


def _is_key_of(model: type[models.Model], value: Any) -> bool:
    """Whether a stored value can be a primary key of the model (older events may name a
    linked record by another identifier, such as an LEI)."""
    if not isinstance(value, int | str):
        return False
    try:
        model._meta.pk.get_prep_value(model._meta.pk.to_python(value))
    except (TypeError, ValueError, ValidationError):
        return False
    return True


class _Labels:
    """Names of linked records, looked up once per model for a whole page of events."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.names: dict[tuple[type[models.Model], str], str] = {}

    def want(self, model: type[models.Model], values: Iterable[Any]) -> None:
        self.wanted[model].update(v for v in values if v is not None)

    def load(self) -> None:
        for model, pks in self.wanted.items():
            valid = [pk for pk in pks if _is_key_of(model, pk)]
            for obj in model._base_manager.filter(pk__in=valid):
                self.names[(model, str(obj.pk))] = str(obj)

    def name(self, model: type[models.Model], pk: Any) -> str:
        return self.names.get((model, str(pk)), f"#{pk} (no longer exists)")


def _text(field: models.Field | None, value: Any, labels: _Labels) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return MISSING
    if field is not None and field.choices and not isinstance(value, list | dict):
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation and field.many_to_one:
        return labels.name(field.related_model, value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        return formatting.moment(value)
    if isinstance(value, int | float) and not (field is not None and field.primary_key):
        return formatting.number(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def describe(events: Iterable[Any]) -> list[tuple[Any, list[ChangeLine]]]:
    """Each event with its lines, linked records named (one query per linked model)."""
    events = list(events)
    labels = _Labels()
    prepared = []
    for event in events:
        model = model_of(event.record_type)
        pairs = _pairs(event)
        for name, (before, after) in pairs.items():
            field = _field(model, name)
            if field is None or not field.is_relation:
                continue
            if field.many_to_many:
                labels.want(field.related_model, [*(before or []), *(after or [])])
            elif field.many_to_one:
                labels.want(field.related_model, [before, after])
        prepared.append((event, model, pairs))
    labels.load()
    described = []
    for event, model, pairs in prepared:
        lines = []
        for name, (before, after) in pairs.items():
            field = _field(model, name)
            label = field_label(model, name)
            if field is not None and field.many_to_many:
                old, new = set(before or []), set(after or [])
                lines.append(
                    ChangeLine(
                        name,
                        label,
                        "links",
                        added=tuple(sorted(labels.name(field.related_model, p) for p in new - old)),
                        removed=tuple(
                            sorted(labels.name(field.related_model, p) for p in old - new)
                        ),
                    )
                )
            elif event.action == "create":
                lines.append(ChangeLine(name, label, "set", after=_text(field, after, labels)))
            elif event.action == "delete":
                lines.append(ChangeLine(name, label, "unset", before=_text(field, before, labels)))
            else:
                lines.append(
                    ChangeLine(
                        name,
                        label,
                        "changed",
                        before=_text(field, before, labels),
                        after=_text(field, after, labels),
                    )
                )
        described.append((event, lines))
    return described
