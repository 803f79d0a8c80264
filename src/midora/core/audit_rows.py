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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models

from midora.core.audit import HASHED_FIELDS, VerifyResult, _audited_fields, _json_value

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


def apply_event(states: dict[str, Any], record_id: str, action: str, changes: Any) -> None:
    """Move one record's state in `states` on by one event."""
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
        apply_event(states, record_id, action, changes)
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


def check_model(
    model: type[models.Model], states: dict[str, Any] | None = None
) -> Iterator[Discrepancy]:
    """Every difference between the rows of `model` and the state its trail records (`states`:
    the replayed trail, when the caller has it already)."""
    from midora.core.audit import record_type_of

    label = record_type_of(model)
    states = replay(model) if states is None else states
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


class TrailReplay:
    """Replays the trail event by event in sequence order and compares each record type with
    its rows as soon as its last event has been replayed, then drops its states: memory holds
    only the types whose events are still to come."""

    def __init__(self) -> None:
        from django.db.models import Max

        from midora.core.audit import record_type_of
        from midora.core.models import AuditEvent

        self.by_type = {record_type_of(m): m for m in tracked_models()}
        last = dict(
            AuditEvent.objects.order_by()
            .values("record_type")
            .annotate(last=Max("sequence"))
            .values_list("record_type", "last")
        )
        self.total = max(last.values(), default=0)
        self.silent = sorted(set(self.by_type) - set(last))  # types without any event
        self.closing = sorted((seq, rt) for rt, seq in last.items() if rt in self.by_type)
        self.states: dict[str, dict[str, Any]] = {rt: {} for _seq, rt in self.closing}
        self.position = 0

    def start(self) -> Iterator[Discrepancy]:
        for record_type in self.silent:
            yield from check_model(self.by_type[record_type], {})

    def apply(
        self, sequence: int, record_type: str, record_id: str, action: str, changes: Any
    ) -> Iterator[Discrepancy]:
        open_states = self.states.get(record_type)
        if open_states is not None:
            apply_event(open_states, record_id, action, changes)
        closing = self.closing
        while self.position < len(closing) and closing[self.position][0] <= sequence:
            closed = closing[self.position][1]
            self.position += 1
            yield from check_model(self.by_type[closed], self.states.pop(closed))

    def finish(self) -> Iterator[Discrepancy]:
        for _seq, record_type in self.closing[self.position :]:
            yield from check_model(self.by_type[record_type], self.states.pop(record_type))


def check_rows(progress: Any = None) -> Iterator[Discrepancy]:
    """Every discrepancy of every tracked record type, in one pass over the trail in sequence
    order (bounded memory, see TrailReplay). `progress(done, total, stage)` is told every
    5,000 events."""
    from midora.core.models import AuditEvent

    replay_ = TrailReplay()
    yield from replay_.start()
    events = AuditEvent.objects.order_by("sequence").values_list(
        "sequence", "record_type", "record_id", "action", "changes"
    )
    for done, row in enumerate(events.iterator(chunk_size=5000), start=1):
        if progress is not None and done % 5000 == 0:
            progress(row[0], replay_.total, "Replaying the trail")
        yield from replay_.apply(*row)
    yield from replay_.finish()
    if progress is not None:
        progress(replay_.total, replay_.total, "Records replayed")


_EVENT_COLUMNS = ("pk", *HASHED_FIELDS, "prev_hash", "hash")


def verify_trail(found: Callable[[Discrepancy], None], progress: Any = None) -> VerifyResult:
    """The hash chain and the rows checked in one read of the trail: each event is hashed and
    replayed as it comes. Returns the chain's result (on a break, the rows are not judged);
    every record that differs from its trail is passed to `found`."""
    from midora.core.audit import GENESIS_HASH, ChainBreak, compute_hash, event_payload
    from midora.core.models import AuditEvent

    replay_ = TrailReplay()
    for discrepancy in replay_.start():
        found(discrepancy)
    expected, prev_hash, count = 1, GENESIS_HASH, 0
    rows = AuditEvent.objects.order_by("sequence").values_list(*_EVENT_COLUMNS, named=True)
    for event in rows.iterator(chunk_size=5000):  # plain rows: no model instance per event
        count += 1
        if progress is not None and count % 5000 == 0:
            progress(count, replay_.total, "Checking the chain and replaying the trail")
        seq = event.sequence
        reason = ""
        if seq != expected:
            reason = (
                f"events {expected}..{seq - 1} are missing (deleted): the chain jumps to {seq}"
                if seq > expected
                else f"sequence {seq} is out of order (expected {expected})"
            )
        elif event.prev_hash != prev_hash:
            reason = (
                "its previous-hash does not match the event before it (an event was inserted, "
                "removed or rewritten before it)"
            )
        elif compute_hash(prev_hash, event_payload(event)) != event.hash:
            reason = "its content does not match its hash (the row was edited after it was written)"
        if reason:
            return VerifyResult(count, prev_hash, ChainBreak(seq, event.pk, reason))
        prev_hash = event.hash
        expected += 1
        changes = replay_.apply(
            seq, event.record_type, event.record_id, event.action, event.changes
        )
        for discrepancy in changes:
            found(discrepancy)
    for discrepancy in replay_.finish():
        found(discrepancy)
    if progress is not None:
        progress(count, count, "Chain checked and records replayed")
    return VerifyResult(count, prev_hash, None)
