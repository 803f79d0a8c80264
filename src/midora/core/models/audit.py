"""The append-only, hash-chained audit trail."""

from __future__ import annotations

from django.db import models

from midora.core.choices import AuditAction


class AuditEvent(models.Model):
    """One create, update or delete of a record; `hash` chains it to the event before it."""

    sequence = models.BigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.CharField(max_length=150, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    source = models.CharField(max_length=20)
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    record_type = models.CharField(max_length=60, db_index=True)
    record_id = models.CharField(max_length=64)
    record_label = models.CharField(max_length=300)
    changes = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-sequence"]
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.record_type}:{self.record_id}"


class AuditEventEntity(models.Model):
    """Which legal entities an event's record belonged to: the index that scopes the audit log.

    Derived from the records (a record's `scope_path`) when the event is written; an event of a
    record that belongs to no entity (a catalogue entry, a user) has no row here.
    """

    event = models.ForeignKey(AuditEvent, on_delete=models.CASCADE, related_name="entity_links")
    entity_id = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "entity_id"], name="audit_event_entity_once")
        ]

    def __str__(self) -> str:
        return f"event {self.event_id} → entity {self.entity_id}"
