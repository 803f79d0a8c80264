"""The records and audit events of a pack as JSON: records/<name>.json and audit/events.jsonl."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db import models

from midora.core import audit
from midora.core.models import AuditEvent

ID_CHUNK = 500


def record_json(record: models.Model) -> dict[str, Any]:
    """A record as its type, id, label and audited field values (foreign keys by id)."""
    data: dict[str, Any] = {
        "record_type": audit.record_type_of(record),
        "id": str(record.pk),
        "label": str(record),
    }
    data.update(audit.snapshot(record))
    for extra in ("ref", "regime", "code"):
        if extra not in data and hasattr(type(record), extra):
            value = getattr(record, extra, None)
            if isinstance(value, str):
                data[extra] = value
    if hasattr(record, "requirement_id") and hasattr(record, "control_id"):
        data["requirement_ref"] = record.requirement.ref
        data["control_code"] = record.control.code
    return data


def records_file(records: list[models.Model]) -> bytes:
    rows = [record_json(r) for r in records]
    return (json.dumps(rows, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def audit_events(record_sets: dict[str, list[models.Model]]) -> Iterator[AuditEvent]:
    """The audit events of every record, in chain order (read in chunks of ids)."""
    ids: dict[str, set[str]] = defaultdict(set)
    for records in record_sets.values():
        for record in records:
            ids[audit.record_type_of(record)].add(str(record.pk))
    sequences: list[int] = []
    for record_type, record_ids in ids.items():
        ordered = sorted(record_ids)
        for start in range(0, len(ordered), ID_CHUNK):
            sequences.extend(
                AuditEvent.objects.filter(
                    record_type=record_type, record_id__in=ordered[start : start + ID_CHUNK]
                ).values_list("sequence", flat=True)
            )
    sequences.sort()
    for start in range(0, len(sequences), ID_CHUNK):
        chunk = sequences[start : start + ID_CHUNK]
        yield from AuditEvent.objects.filter(sequence__in=chunk).order_by("sequence")


def event_line(event: AuditEvent) -> bytes:
    """One line of the extract: what the event's hash covers, plus its two chain hashes."""
    data = audit.event_payload(event)
    data["prev_hash"] = event.prev_hash
    data["hash"] = event.hash
    return (json.dumps(data, sort_keys=True, ensure_ascii=False) + "\n").encode()


def chain_head() -> dict[str, Any]:
    last = AuditEvent.objects.order_by("-sequence").values("sequence", "hash").first()
    return last or {"sequence": 0, "hash": audit.GENESIS_HASH}
