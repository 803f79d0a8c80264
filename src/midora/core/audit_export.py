"""The audit trail as a file for auditors: CSV or JSON, filtered by period, entity, record type
and actor, limited to what the requesting user may read. Each event keeps its previous hash and
hash, so every exported event can be checked on its own (sha256(prev_hash + canonical JSON))."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

from midora.core.audit import HASHED_FIELDS, canonical_json, event_payload

FORMATS = ("csv", "json")
# the hashed fields with the entities of the record before its changes, then the chain
COLUMNS = [*HASHED_FIELDS[:-1], "entities", "changes", "prev_hash", "hash"]
CHUNK = 2000


class ExportError(ValueError):
    """A filter that cannot be applied (e.g. a date that is no date)."""


@dataclass(frozen=True)
class EventFilter:
    """What to export: a period (dates, inclusive), an entity, a record type, an actor."""

    since: dt.date | None = None
    until: dt.date | None = None
    entity_id: int | None = None
    record_type: str = ""
    actor: str = ""

    @classmethod
    def parse(cls, since: str = "", until: str = "", entity: str = "", **rest: str) -> EventFilter:
        def day(name: str, raw: str) -> dt.date | None:
            try:
                return dt.date.fromisoformat(raw) if raw else None
            except ValueError:
                raise ExportError(f"{name} must be a date (YYYY-MM-DD), not {raw!r}.") from None

        entity_id = None
        if entity:
            if not str(entity).isdigit():
                raise ExportError(f"entity must be the id of a legal entity, not {entity!r}.")
            entity_id = int(entity)
        first, last = day("from", since), day("to", until)
        if first and last and first > last:
            raise ExportError(f"from ({first}) is after to ({last}).")
        return cls(first, last, entity_id, rest.get("record_type", ""), rest.get("actor", ""))

    def apply(self, events: models.QuerySet) -> models.QuerySet:
        if self.since:
            events = events.filter(occurred_at__date__gte=self.since)
        if self.until:
            events = events.filter(occurred_at__date__lte=self.until)
        if self.entity_id is not None:
            events = events.filter(entity_links__entity_id=self.entity_id)
        if self.record_type:
            events = events.filter(record_type=self.record_type)
        if self.actor:
            events = events.filter(actor=self.actor)
        return events

    def describe(self) -> dict[str, Any]:
        return {
            "from": self.since.isoformat() if self.since else None,
            "to": self.until.isoformat() if self.until else None,
            "entity": self.entity_id,
            "record_type": self.record_type or None,
            "actor": self.actor or None,
        }


def event_rows(events: models.QuerySet) -> Iterator[dict[str, Any]]:
    """One dict per event, oldest first, read in chunks (entities looked up once a chunk)."""
    from midora.core.models import AuditEventEntity

    last = 0
    ordered = events.order_by("sequence")
    while True:
        chunk = list(ordered.filter(sequence__gt=last)[:CHUNK])
        if not chunk:
            return
        entities: dict[int, list[int]] = {}
        for event_id, entity_id in AuditEventEntity.objects.filter(
            event_id__in=[e.pk for e in chunk]
        ).values_list("event_id", "entity_id"):
            entities.setdefault(event_id, []).append(entity_id)
        for event in chunk:
            payload = event_payload(event)
            yield {
                **payload,
                "entities": sorted(entities.get(event.pk, [])),
                "prev_hash": event.prev_hash,
                "hash": event.hash,
            }
        last = chunk[-1].sequence


def csv_chunks(events: models.QuerySet) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for count, row in enumerate(event_rows(events), start=1):
        writer.writerow(
            {
                **row,
                "entities": " ".join(str(e) for e in row["entities"]),
                "changes": canonical_json(row["changes"]),
            }
        )
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(events: models.QuerySet, flt: EventFilter, requested_by: str) -> Iterator[str]:
    head = {
        "format": "midora-audit-export/1",
        "exported_at": timezone.now().isoformat(),
        "exported_by": requested_by,
        "filters": flt.describe(),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "events": ['
    for count, row in enumerate(event_rows(events)):
        yield ("," if count else "") + "\n" + json.dumps(row, ensure_ascii=False, sort_keys=True)
    yield "\n]}\n"


def export_chunks(
    fmt: str, events: models.QuerySet, flt: EventFilter, requested_by: str
) -> Iterator[str]:
    if fmt not in FORMATS:
        raise ExportError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}.")
    return csv_chunks(events) if fmt == "csv" else json_chunks(events, flt, requested_by)
