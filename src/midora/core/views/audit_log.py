"""The audit log page: the events of the user's entities, filterable by user, record type,
entity and period, exportable as CSV or JSON with the same filters."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from midora.core import audit_display, permissions
from midora.core.audit_export import EventFilter, ExportError, export_chunks
from midora.core.audit_scope import can_read_audit, readable_events
from midora.core.models import LegalEntity

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def export_response(request: HttpRequest, fmt: str, events, flt: EventFilter) -> HttpResponse:
    """A streamed download of the events (what the filters select within the user's scope)."""
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(
        export_chunks(fmt, events, flt, request.user.get_username()),
        content_type=CONTENT_TYPES[fmt],
    )
    response["Content-Disposition"] = f'attachment; filename="midora-audit-{stamp}.{fmt}"'
    return response


def audit_log(request: HttpRequest) -> HttpResponse:
    permissions.require(
        can_read_audit(request.user),
        _("The audit log is open to administrators, compliance managers and auditors."),
    )
    raw = {k: request.GET.get(k, "").strip() for k in ("actor", "record_type", "since", "until")}
    raw["entity"] = request.GET.get("entity", "").strip()
    errors = []
    try:
        flt = EventFilter.parse(**raw)
    except ExportError as exc:
        errors.append(str(exc))
        flt = EventFilter(record_type=raw["record_type"], actor=raw["actor"])
    visible = readable_events(request.user)
    events = flt.apply(visible).order_by("-sequence")
    fmt = request.GET.get("export", "")
    if fmt in CONTENT_TYPES and not errors:
        return export_response(request, fmt, flt.apply(visible), flt)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    entities = permissions.scope(request.user, LegalEntity.objects.order_by("name"))
    return render(
        request,
        "core/audit_log.html",
        {
            "page": page,
            "events": audit_display.describe(page.object_list),
            "actors": visible.order_by("actor").values_list("actor", flat=True).distinct(),
            "record_types": visible.order_by("record_type")
            .values_list("record_type", flat=True)
            .distinct(),
            "entities": entities.only("pk", "name"),
            "filters": raw,
            "errors": errors,
            "querystring": query.urlencode(),
        },
    )
