"""Which legal entities an audit event concerns, and which events a user may read.

An event carries the entities of its record (through the record type's `scope_path`, the same
lookup that scopes pages and API): a user reads the events of records in their entities;
administrators read everything; an event of a record that belongs to no entity (a catalogue
entry) follows the role's read rights, and account events (users, tokens) stay with
administrators.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef, Q

from midora.core import permissions
from midora.core.choices import Role

ACCOUNT_TYPES = frozenset({"core.userprofile", "core.apitoken", "auth.user"})
AUDIT_READERS = frozenset({Role.ADMINISTRATOR, Role.COMPLIANCE_MANAGER, Role.AUDITOR})


def can_read_audit(user: Any) -> bool:
    """Administrators, compliance managers and auditors open the audit log (scoped)."""
    return permissions.role_of(user) in AUDIT_READERS


def scope_path_of(model: type[models.Model] | None) -> str:
    """The lookup from a record to its legal entities ("" for a record that belongs to none)."""
    path = getattr(model, "scope_path", "") if model is not None else ""
    if not path or path in ("id", "pk"):
        return path
    try:
        model._meta.get_field(path.split("__", 1)[0])
    except FieldDoesNotExist:  # a record type without entities (e.g. holiday calendars)
        return ""
    return path


def _entity_field(model: type[models.Model], path: str) -> models.Field | None:
    """The LegalEntity foreign key itself when `path` is one (read from the row, no query)."""
    try:
        field = model._meta.get_field(path)
    except FieldDoesNotExist:  # a path across relations or an m2m
        return None
    return field if isinstance(field, models.ForeignKey) else None


_UNKNOWN = object()


def _entity_in_memory(instance: models.Model, path: str) -> Any:
    """The entity id at the end of a path of foreign keys (`incident__entity`) when every record
    on the way is already loaded on the instance (a record created with its parent), else
    `_UNKNOWN`: the lookup then asks the database."""
    obj: Any = instance
    *hops, last = path.split("__")
    for name in hops:
        field = _entity_field(type(obj), name)
        if field is None or not field.is_cached(obj):
            return _UNKNOWN
        obj = field.get_cached_value(obj)
        if obj is None:
            return None
    field = _entity_field(type(obj), last)
    return _UNKNOWN if field is None else getattr(obj, field.attname)


def entities_of(items: Sequence[tuple[models.Model, dict[str, Any]]]) -> list[set[int]]:
    """For each (record, changes) the ids of the legal entities the record belongs to (before
    and after a change that moves it)."""
    result: list[set[int]] = [set() for _ in items]
    by_model: dict[type[models.Model], list[int]] = defaultdict(list)
    for index, (instance, changes) in enumerate(items):
        model = type(instance)
        path = scope_path_of(model)
        if not path:
            continue
        if path in ("id", "pk"):
            result[index].add(instance.pk)
            continue
        field = _entity_field(model, path)
        if field is not None:
            value = getattr(instance, field.attname)
            if value is not None:
                result[index].add(value)
            moved = changes.get(path)
            if isinstance(moved, list) and len(moved) == 2 and isinstance(moved[0], int):
                result[index].add(moved[0])
            continue
        value = _entity_in_memory(instance, path)
        if value is _UNKNOWN:
            by_model[model].append(index)
        elif value is not None:
            result[index].add(value)
    for model, indexes in by_model.items():
        pks = {items[i][0].pk for i in indexes}
        found: dict[Any, set[int]] = defaultdict(set)
        rows = model._base_manager.filter(pk__in=pks).values_list("pk", scope_path_of(model))
        for pk, entity_id in rows:
            if entity_id is not None:
                found[pk].add(entity_id)
        for i in indexes:
            result[i] |= found.get(items[i][0].pk, set())
            moved = items[i][1].get(scope_path_of(model))  # an m2m scope: entities removed too
            if isinstance(moved, list) and len(moved) == 2 and isinstance(moved[0], list):
                result[i] |= {v for v in moved[0] if isinstance(v, int)}
    return result


def link_events(pairs: Iterable[tuple[int, Iterable[int]]]) -> None:
    """Write the entity index rows of events (event id, entity ids)."""
    from midora.core.models import AuditEventEntity

    rows = [
        AuditEventEntity(event_id=event_id, entity_id=entity_id)
        for event_id, entity_ids in pairs
        for entity_id in sorted(set(entity_ids))
    ]
    AuditEventEntity.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


def backfill_record(instance: models.Model, entity_ids: Iterable[int]) -> None:
    """A record that gained its entities after it was created (an m2m scope such as a control's
    entities): its earlier events without an entity now carry them."""
    backfill_records(type(instance), {instance.pk: set(entity_ids)})


def backfill_records(model: type[models.Model], entities: dict[Any, set[int]]) -> None:
    """`backfill_record` for many records of one model (one query to find their events)."""
    from midora.core.audit import record_type_of
    from midora.core.models import AuditEvent, AuditEventEntity

    wanted = {str(pk): ids for pk, ids in entities.items() if ids}
    if not wanted:
        return
    orphans = (
        AuditEvent.objects.filter(record_type=record_type_of(model), record_id__in=list(wanted))
        .exclude(Exists(AuditEventEntity.objects.filter(event=OuterRef("pk"))))
        .values_list("pk", "record_id")
    )
    link_events((pk, wanted[record_id]) for pk, record_id in orphans)


def unscoped_record_types() -> list[str]:
    """Record types that belong to no entity (catalogues): every register reader reads them."""
    from midora.core.models import TrackedModel

    return sorted(
        m._meta.label_lower
        for m in apps.get_models()
        if issubclass(m, TrackedModel) and not scope_path_of(m)
    )


def readable_events(user: Any, events: models.QuerySet | None = None) -> models.QuerySet:
    """The events `user` may read: those of records in their entities (all for administrators)."""
    from midora.core.models import AuditEvent, AuditEventEntity

    events = AuditEvent.objects.all() if events is None else events
    if permissions.sees_all_entities(user):
        return events
    if not can_read_audit(user):
        return events.none()
    granted = permissions.granted_entity_ids(user)
    in_entities = Exists(
        AuditEventEntity.objects.filter(event=OuterRef("pk"), entity_id__in=granted)
    )
    unscoped = ~Exists(AuditEventEntity.objects.filter(event=OuterRef("pk"))) & Q(
        record_type__in=unscoped_record_types()
    )
    return events.filter(in_entities | unscoped)


def rebuild_index() -> int:
    """Index every event under the entities its record belongs to now (or, for a deleted
    record, none); returns the number of links. For databases written before the index."""
    from django.db import transaction

    from midora.core.audit_display import model_of
    from midora.core.models import AuditEvent, AuditEventEntity

    with transaction.atomic():
        AuditEventEntity.objects.all().delete()
        linked = 0
        types = AuditEvent.objects.order_by().values_list("record_type", flat=True).distinct()
        for record_type in types:
            model = model_of(record_type)
            path = scope_path_of(model)
            if not path:
                continue
            lookup = "pk" if path in ("id", "pk") else path
            entities: dict[str, set[int]] = defaultdict(set)
            for pk, entity_id in model._base_manager.values_list("pk", lookup):
                if entity_id is not None:
                    entities[str(pk)].add(entity_id)
            events = AuditEvent.objects.filter(record_type=record_type).values_list(
                "pk", "record_id"
            )
            pairs = [(pk, entities[rid]) for pk, rid in events.iterator() if rid in entities]
            link_events(pairs)
            linked += sum(len(ids) for _pk, ids in pairs)
    return linked
