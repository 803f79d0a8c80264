"""Do the records equal what their audit trail says? Replays the trail per record type and
compares the result with every stored row, field by field (links included).

A row changed, inserted or deleted without going through the product (direct SQL, a restored
file, a tampered database) has no event that explains it and is named here. Someone who rewrites
both the rows and the whole chain consistently cannot be caught by this check alone: anchor the
chain's head hash outside the database (`midora audit verify` prints it).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models

from midora.core.audit import _audited_fields, _json_value

GONE = object()


@dataclass(frozen=True)
class Discrepancy:
    """One difference between a stored row and its audited state."""

    record_type: str
    record_id: str
    field: str
    stored: Any
    audited: Any
    reason: str

    def describe(self) -> str:
        if self.field:
            return (
                f"{self.record_type} #{self.record_id}: {self.field} is {self.stored!r} in the "
                f"database but {self.audited!r} in the audit trail ({self.reason})"
            )
        return f"{self.record_type} #{self.record_id}: {self.reason}"


def tracked_models() -> list[type[models.Model]]:
    from midora.core.models import TrackedModel

    return [
        m
        for m in apps.get_models()
        if issubclass(m, TrackedModel) and not m._meta.proxy and not m._meta.abstract
    ]


def _same(stored: Any, audited: Any) -> bool:
    """Equal values, allowing for the text forms older events used (decimals, time zones)."""
    if stored == audited:
        return True
    numbers = (int, float)
    if isinstance(stored, str) and isinstance(audited, numbers) and not isinstance(audited, bool):
        audited = str(audited)
    if isinstance(stored, str) and isinstance(audited, str):
        try:
            return decimal.Decimal(stored) == decimal.Decimal(audited)
        except (decimal.InvalidOperation, ValueError):
            pass
        try:
            return dt.datetime.fromisoformat(stored) == dt.datetime.fromisoformat(audited)
        except ValueError:
            return False
    if isinstance(stored, list) and isinstance(audited, list) and len(stored) == len(audited):
        return all(_same(a, b) for a, b in zip(stored, audited, strict=True))
    return False


def _m2m_fields(model: type[models.Model]) -> list[models.ManyToManyField]:
    return [f for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created]


def replay(model: type[models.Model]) -> dict[str, dict[str, Any] | object]:
    """The state of every record of `model` as its events leave it (GONE when deleted)."""
    from midora.core.audit import record_type_of
    from midora.core.models import AuditEvent

    states: dict[str, Any] = {}
    events = (
        AuditEvent.objects.filter(record_type=record_type_of(model))
        .order_by("sequence")
        .values_list("record_id", "action", "changes")
    )
    for record_id, action, changes in events.iterator(chunk_size=5000):
        if action == "create":
            states[record_id] = {
                k: (v[1] if isinstance(v, list) and len(v) == 2 and v[0] is None else v)
                for k, v in (changes or {}).items()
            }
        elif action == "delete":
            states[record_id] = GONE
        else:
            state = states.get(record_id)
            if state is None or state is GONE:
                state = states[record_id] = {}
            for name, pair in (changes or {}).items():
                if isinstance(pair, list) and len(pair) == 2:
                    state[name] = pair[1]
    return states


def _stored_rows(model: type[models.Model]) -> Iterator[tuple[str, dict[str, Any]]]:
    fields = _audited_fields(model)
    names = [(f.name, f.attname) for f in fields]
    rows = model._base_manager.order_by().values_list("pk", *[a for _n, a in names])
    links: dict[str, dict[Any, list[Any]]] = {}
    for field in _m2m_fields(model):
        through = field.remote_field.through
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        found: dict[Any, list[Any]] = {}
        for owner, other in through.objects.values_list(f"{source}_id", f"{target}_id"):
            found.setdefault(owner, []).append(other)
        links[field.name] = found
    for row in rows.iterator(chunk_size=5000):
        pk = row[0]
        values = {name: _json_value(v) for (name, _a), v in zip(names, row[1:], strict=True)}
        for name, found in links.items():
            values[name] = sorted(found.get(pk, []))
        yield str(pk), values


def check_model(model: type[models.Model]) -> Iterator[Discrepancy]:
    """Every difference between the rows of `model` and the state its trail records."""
    from midora.core.audit import record_type_of

    label = record_type_of(model)
    states = replay(model)
    m2m_names = {f.name for f in _m2m_fields(model)}
    for pk, stored in _stored_rows(model):
        audited = states.pop(pk, None)
        if audited is None:
            yield Discrepancy(
                label, pk, "", None, None, "the row has no event: inserted outside midora"
            )
            continue
        if audited is GONE:
            yield Discrepancy(
                label, pk, "", None, None, "the trail records it deleted, yet the row exists"
            )
            continue
        for name, value in stored.items():
            if name in audited:
                expected = audited[name]
            elif name in m2m_names:
                expected = []  # no link event: the record was never linked
            else:
                continue  # a field added after the event: nothing recorded to compare with
            if name in m2m_names and isinstance(expected, list):
                expected = sorted(expected, key=str)
                value = sorted(value, key=str)
            if not _same(value, expected):
                yield Discrepancy(label, pk, name, value, expected, "changed outside midora")
    for pk, audited in states.items():
        if audited is not GONE:
            yield Discrepancy(
                label,
                pk,
                "",
                None,
                None,
                "the trail records it, but the row is gone: deleted outside midora",
            )


def check_rows(progress: Any = None) -> Iterator[Discrepancy]:
    """Every discrepancy of every tracked record type, one type at a time (bounded memory);
    `progress(done, total, stage)` is told before each record type."""
    models = sorted(tracked_models(), key=lambda m: m._meta.label_lower)
    for done, model in enumerate(models):
        if progress is not None:
            progress(done, len(models), f"Replaying {model._meta.verbose_name_plural}")
        yield from check_model(model)
    if progress is not None:
        progress(len(models), len(models), "Records replayed")
