# Annotations stay evaluated here: django-ninja reads the local schema classes from them.
"""The audit trail through the API: the events the caller may read, filtered, paginated, and
the same export as the audit log page (CSV or JSON)."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from midora.core import permissions
from midora.core.audit_export import EventFilter, ExportError, export_chunks
from midora.core.audit_scope import can_read_audit, readable_events

router = Router(tags=["Audit trail"])


class AuditEventOut(Schema):
    sequence: int
    occurred_at: dt.datetime
    actor: str
    source: str
    action: str
    record_type: str
    record_id: str
    record_label: str
    entities: list[int]
    changes: dict[str, Any]
    prev_hash: str
    hash: str

    @staticmethod
    def resolve_entities(obj: Any) -> list[int]:
        return sorted(link.entity_id for link in obj.entity_links.all())


class AuditQuery(Schema):
    since: dt.date | None = None
    until: dt.date | None = None
    entity: int | None = None
    record_type: str = ""
    actor: str = ""

    def event_filter(self) -> EventFilter:
        if self.since and self.until and self.since > self.until:
            raise ValidationError({"since": f"from ({self.since}) is after to ({self.until})."})
        return EventFilter(self.since, self.until, self.entity, self.record_type, self.actor)


def _events(request: HttpRequest, query: AuditQuery) -> tuple[models.QuerySet, EventFilter]:
    permissions.require(
        can_read_audit(request.user),
        "The audit trail is open to administrators, compliance managers and auditors.",
    )
    flt = query.event_filter()
    return flt.apply(readable_events(request.user)), flt


@router.get(
    "/events",
    response=list[AuditEventOut],
    summary="List the audit events of your entities (newest first)",
    operation_id="audit_event_list",
)
@paginate(LimitOffsetPagination)
def list_events(request: HttpRequest, query: Query[AuditQuery]) -> models.QuerySet:
    events, _flt = _events(request, query)
    return events.order_by("-sequence").prefetch_related("entity_links")


@router.get(
    "/export",
    summary="Export the audit events of your entities as CSV or JSON (oldest first)",
    operation_id="audit_event_export",
)
def export_events(
    request: HttpRequest, query: Query[AuditQuery], format: str = "json"
) -> StreamingHttpResponse:
    events, flt = _events(request, query)
    try:
        chunks = export_chunks(format, events, flt, request.user.get_username())
    except ExportError as exc:
        raise ValidationError({"format": str(exc)}) from exc
    content_type = "text/csv; charset=utf-8" if format == "csv" else "application/json"
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="midora-audit.{format}"'
    return response
