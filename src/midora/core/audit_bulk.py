"""Bulk writes that keep the audit trail complete: `bulk_create` of many-to-many links and
`bulk_update` bypass save() and the m2m signal, so these helpers record the events themselves
(one event a record, the same shape as an edit would write)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models, transaction

from midora.core import audit


def link_in_bulk(
    model: type[models.Model], field_name: str, pairs: Iterable[tuple[Any, Any]]
) -> int:
    """Add the links (record pk, target pk) of `model.field_name`; audit each record's links as
    before → after. Returns how many records changed."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    source = f"{field.m2m_field_name()}_id"
    target = f"{field.m2m_reverse_field_name()}_id"
    pairs = list(dict.fromkeys(pairs))
    if not pairs:
        return 0
    owners = {owner for owner, _t in pairs}
    before: dict[Any, set[Any]] = defaultdict(set)
    with transaction.atomic():
        for owner, other in through.objects.filter(**{f"{source}__in": owners}).values_list(
            source, target
        ):
            before[owner].add(other)
        through.objects.bulk_create(
            [through(**{source: o, target: t}) for o, t in pairs],
            batch_size=5000,
            ignore_conflicts=True,
        )
        after = {owner: set(before[owner]) for owner in owners}
        for owner, other in pairs:
            after[owner].add(other)
        changed = sorted(o for o in owners if after[o] != before[o])
        records = model._base_manager.in_bulk(changed)
        audit.record_changes(
            (records[o], audit.UPDATE, {field_name: [sorted(before[o]), sorted(after[o])]})
            for o in changed
        )
        from midora.core.audit_scope import backfill_records, scope_path_of

        if field_name == scope_path_of(model):
            backfill_records(model, {o: after[o] for o in changed})
    return len(changed)


def update_in_bulk(
    objs: Sequence[models.Model], fields: Sequence[str], batch_size: int = 2000
) -> int:
    """`bulk_update` the given fields and audit what changed on each record (before → after)."""
    if not objs:
        return 0
    model = type(objs[0])
    attnames = {name: model._meta.get_field(name).attname for name in fields}
    with transaction.atomic():
        stored = {
            row["pk"]: row
            for row in model._base_manager.filter(pk__in=[o.pk for o in objs]).values(
                "pk", *attnames.values()
            )
        }
        model._base_manager.bulk_update(objs, list(fields), batch_size=batch_size)
        items = []
        for obj in objs:
            row = stored.get(obj.pk, {})
            before = {n: audit._json_value(row.get(a)) for n, a in attnames.items()}
            after = {n: audit._json_value(getattr(obj, a)) for n, a in attnames.items()}
            changes = audit.diff(before, after)
            if changes:
                items.append((obj, audit.UPDATE, changes))
        audit.record_changes(items)
    return len(items)
