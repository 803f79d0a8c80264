"""Writing and verifying the hash-chained audit trail.

Every change of a TrackedModel goes through `record_change` inside the transaction of the change.
Writers take one lock (an advisory lock on PostgreSQL; SQLite's IMMEDIATE transactions queue
writers already), so the chain stays linear however many workers write at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import hashlib
import itertools
import json
import uuid
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from midora.core.compiled_reads import CompiledRead

CREATE, UPDATE, DELETE = "create", "update", "delete"
GENESIS_HASH = "0" * 64
_CHAIN_LOCK_KEY = 0x6D69646F7261  # "midora"


@dataclass(frozen=True)
class Actor:
    """Who is changing records, and through which door (web, api, cli, import, demo, system)."""

    name: str
    user_id: int | None = None
    source: str = "system"


SYSTEM = Actor("system")
_current_actor: ContextVar[Actor] = ContextVar("midora_actor", default=SYSTEM)


def current_actor() -> Actor:
    return _current_actor.get()


@contextlib.contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Attribute every change made inside the block to `actor`."""
    token = _current_actor.set(actor)
    try:
        yield actor
    finally:
        _current_actor.reset(token)


_suppressed: ContextVar[bool] = ContextVar("midora_audit_suppressed", default=False)


@contextlib.contextmanager
def suppressed() -> Iterator[None]:
    """Write no event inside the block: only for restoring a backup, whose trail comes with it."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def is_suppressed() -> bool:
    return _suppressed.get()


def actor_for_user(user: Any, source: str) -> Actor:
    return Actor(name=user.get_username(), user_id=user.pk, source=source)


# --- snapshots and diffs ----------------------------------------------------------------------


# values written as they are (exact types: a subclass takes the checks below)
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _json_value(value: Any) -> Any:
    if type(value) in _PLAIN:  # most of a record's values: no check below applies to them
        return value
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):  # one instant, one text: whatever zone it was read in
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def _audited_fields(instance: models.Model) -> list[models.Field]:
    exclude = getattr(instance, "audit_exclude", frozenset())
    return [
        f for f in instance._meta.concrete_fields if f.name not in exclude and not f.primary_key
    ]


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The record's audited field values, as JSON-ready data (foreign keys by id)."""
    return {
        f.name: _json_value(_typed(f, getattr(instance, f.attname)))
        for f in _audited_fields(instance)
    }


def _typed(field: models.Field, value: Any) -> Any:
    """An in-memory value as the database gives it back (an int in a decimal field: Decimal)."""
    if isinstance(field, models.DecimalField) and isinstance(value, int | float):
        return decimal.Decimal(str(value))
    return value


def stored_snapshot(instance: models.Model) -> dict[str, Any]:
    """The same snapshot, read from the database as it is before this save."""
    return stored_state(instance)[1]


def stored_state(instance: models.Model) -> tuple[int | None, dict[str, Any]]:
    """The stored version (None when the row is gone) and audited snapshot of the record."""
    fields = _audited_fields(instance)
    has_version = any(f.name == "version" for f in instance._meta.concrete_fields)
    columns = [f.attname for f in fields] + (["version"] if has_version else [])
    row = type(instance)._base_manager.filter(pk=instance.pk).values(*columns).first()
    if row is None:
        return None, {}
    return row.get("version"), {f.name: _json_value(row[f.attname]) for f in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field-level changes as {field: [before, after]}."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def links_of(model: Any, name: str, pks: set[Any]) -> dict[Any, list[Any]]:
    """The linked ids of field `name` for each record of `model` in `pks`."""
    field = model._meta.get_field(name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    links: dict[Any, list[Any]] = {pk: [] for pk in pks}
    rows = through.objects.filter(**{f"{source}_id__in": pks}).values_list(
        f"{source}_id", f"{target}_id"
    )
    for owner, other in rows:
        links[owner].append(other)
    return {pk: sorted(ids) for pk, ids in links.items()}


# --- the chain ---------------------------------------------------------------------------------


def canonical_json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# the fields of an event its hash covers (besides the previous hash), in the order exported
HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "actor",
    "actor_id",
    "source",
    "action",
    "record_type",
    "record_id",
    "record_label",
    "changes",
)


def event_payload(event: Any) -> dict[str, Any]:
    """What an event's hash covers (besides the previous hash)."""
    return {
        "sequence": event.sequence,
        "occurred_at": event.occurred_at.isoformat(),
        "actor": event.actor,
        "actor_id": event.actor_id,
        "source": event.source,
        "action": event.action,
        "record_type": event.record_type,
        "record_id": str(event.record_id),
        "record_label": event.record_label,
        "changes": event.changes,
    }


def compute_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical_json(payload)).encode("utf-8")).hexdigest()


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def _last_event() -> models.QuerySet:
    from midora.core.models import AuditEvent

    return AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash")[:1]


_read_chain_head = CompiledRead(_last_event)  # read by every change: its SQL written once


def _chain_head() -> tuple[int, str]:
    last = _read_chain_head()
    return last[0] if last else (0, GENESIS_HASH)


def record_type_of(model: type[models.Model] | models.Model) -> str:
    return model._meta.label_lower


def _new_event(
    sequence: int,
    prev_hash: str,
    instance: models.Model,
    action: str,
    changes: dict,
    actor: Actor,
    now,
):
    from midora.core.models import AuditEvent

    event = AuditEvent(
        sequence=sequence,
        occurred_at=now,
        actor=actor.name,
        actor_id=actor.user_id,
        source=actor.source,
        action=action,
        record_type=record_type_of(instance),
        record_id=str(instance.pk),
        record_label=str(instance)[:300],
        changes=_json_value(changes),
        prev_hash=prev_hash,
    )
    event.hash = compute_hash(prev_hash, event_payload(event))
    return event


_grouped: ContextVar[list | None] = ContextVar("midora_audit_grouped", default=None)


@contextlib.contextmanager
def one_event_per_record() -> Iterator[None]:
    """Write the changes made inside the block as one event per record (a form's fields and
    its links saved one after the other are one edit); changes that cancel out write nothing.
    Open it inside the transaction of the change."""
    if _grouped.get() is not None:  # already grouping: the outer block writes
        yield
        return
    pending: list = []
    token = _grouped.set(pending)
    try:
        yield
    finally:
        _grouped.reset(token)
    record_changes(merge_changes(pending))


def merge_changes(
    items: Iterable[tuple[models.Model, str, dict[str, Any]]],
) -> list[tuple[models.Model, str, dict[str, Any]]]:
    """Consecutive creates and updates of one record folded into one change, in order of each
    record's first change (a deletion ends the fold); updates that cancel out are dropped."""
    merged: list[list[Any]] = []
    open_: dict[tuple[str, str], list[Any]] = {}
    for instance, action, changes in items:
        key = (record_type_of(instance), str(instance.pk))
        current = open_.get(key)
        if current is None or action != UPDATE:
            current = [instance, action, dict(changes)]
            merged.append(current)
            open_[key] = current
            if action == DELETE:
                open_.pop(key)
            continue
        folded = current[2]
        for name, pair in changes.items():
            if current[1] == CREATE:
                folded[name] = pair[1] if isinstance(pair, list) and len(pair) == 2 else pair
            elif name in folded:
                folded[name] = [folded[name][0], pair[1]]
            else:
                folded[name] = list(pair)
    result = []
    for instance, action, changes in merged:
        if action == UPDATE:
            changes = {k: v for k, v in changes.items() if v[0] != v[1]}
            if not changes:
                continue
        result.append((instance, action, changes))
    return result


def record_change(instance: models.Model, action: str, changes: dict[str, Any]) -> None:
    """Append one event for a change of `instance` (call inside the change's transaction)."""
    record_changes([(instance, action, changes)])


def record_changes(items: Iterable[tuple[models.Model, str, dict[str, Any]]]) -> int:
    """Append events for many changes at once (bulk imports, demo data); returns the last
    sequence. Each event is indexed under the legal entities of its record."""
    from midora.core.audit_scope import entities_of, link_events
    from midora.core.models import AuditEvent

    pending = _grouped.get()
    if pending is not None:
        pending.extend(items)
        return 0
    actor = current_actor()
    # part of the change's transaction, without a savepoint: events never outlive their change
    with transaction.atomic(savepoint=False):
        _lock_chain()
        sequence, prev_hash = _chain_head()
        now = timezone.now()
        # millisecond precision: the time then survives any JSON round trip (backups) unchanged
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        iterator = iter(items)
        while chunk := list(itertools.islice(iterator, 2000)):
            entities = entities_of([(instance, changes) for instance, _a, changes in chunk])
            batch = []
            for instance, action, changes in chunk:
                sequence += 1
                event = _new_event(sequence, prev_hash, instance, action, changes, actor, now)
                prev_hash = event.hash
                batch.append(event)
            AuditEvent.objects.bulk_create(batch)
            if any(event.pk is None for event in batch):
                ids = dict(
                    AuditEvent.objects.filter(
                        sequence__gte=batch[0].sequence, sequence__lte=batch[-1].sequence
                    ).values_list("sequence", "pk")
                )
                for event in batch:
                    event.pk = ids[event.sequence]
            link_events((event.pk, ids) for event, ids in zip(batch, entities, strict=True))
    return sequence


def record_created(instances: Iterable[models.Model]) -> int:
    """Audit records that were inserted in bulk (bulk_create bypasses save())."""
    return record_changes((obj, CREATE, snapshot(obj)) for obj in instances)


# --- verification ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    event_id: int | None
    reason: str


@dataclass(frozen=True)
class VerifyResult:
    events: int
    head_hash: str
    first_break: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def verify_chain(progress: Any = None) -> VerifyResult:
    """Recompute the chain from the first event; report the first event that does not fit.
    `progress(done, total, stage)` is told every 5,000 events."""
    from midora.core.models import AuditEvent

    total = AuditEvent.objects.count() if progress is not None else 0
    expected_sequence, prev_hash, count = 1, GENESIS_HASH, 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=5000):
        count += 1
        if progress is not None and count % 5000 == 0:
            progress(count, total, "Checking the hash chain")
        if event.sequence != expected_sequence:
            if event.sequence > expected_sequence:
                reason = (
                    f"events {expected_sequence}..{event.sequence - 1} are missing "
                    f"(deleted): the chain jumps to {event.sequence}"
                )
            else:
                reason = f"sequence {event.sequence} is out of order (expected {expected_sequence})"
            return VerifyResult(count, prev_hash, ChainBreak(event.sequence, event.pk, reason))
        if event.prev_hash != prev_hash:
            return VerifyResult(
                count,
                prev_hash,
                ChainBreak(
                    event.sequence,
                    event.pk,
                    "its previous-hash does not match the event before it (an event was inserted, "
                    "removed or rewritten before it)",
                ),
            )
        recomputed = compute_hash(prev_hash, event_payload(event))
        if recomputed != event.hash:
            return VerifyResult(
                count,
                prev_hash,
                ChainBreak(
                    event.sequence,
                    event.pk,
                    "its content does not match its hash (the row was edited after it was written)",
                ),
            )
        prev_hash = event.hash
        expected_sequence += 1
    if progress is not None:
        progress(count, count, "Hash chain checked")
    return VerifyResult(count, prev_hash, None)


def history(instance: models.Model):
    """The audit events of one record, newest first."""
    from midora.core.models import AuditEvent

    return AuditEvent.objects.filter(
        record_type=record_type_of(instance), record_id=str(instance.pk)
    )
