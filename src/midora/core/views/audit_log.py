"""The audit log page: every change, filterable by user, record type and date."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from midora.core import permissions
from midora.core.models import AuditEvent


def _parse_date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def audit_log(request: HttpRequest) -> HttpResponse:
    """Administrators and auditors read the whole trail (it spans every entity)."""
    permissions.require(
        permissions.role_of(request.user) in {"administrator", "auditor", "compliance_manager"},
        "The audit log is open to administrators, compliance managers and auditors.",
    )
    events = AuditEvent.objects.order_by("-sequence")
    actor = request.GET.get("actor", "").strip()
    record_type = request.GET.get("record_type", "").strip()
    since, until = (
        _parse_date(request.GET.get("since", "")),
        _parse_date(request.GET.get("until", "")),
    )
    errors = [
        f"{name} must be a date (YYYY-MM-DD)."
        for name, raw, parsed in (
            ("From", request.GET.get("since", ""), since),
            ("To", request.GET.get("until", ""), until),
        )
        if raw and parsed is None
    ]
    if actor:
        events = events.filter(actor=actor)
    if record_type:
        events = events.filter(record_type=record_type)
    if since:
        events = events.filter(occurred_at__date__gte=since)
    if until:
        events = events.filter(occurred_at__date__lte=until)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_log.html",
        {
            "page": page,
            "actors": AuditEvent.objects.values_list("actor", flat=True)
            .distinct()
            .order_by("actor"),
            "record_types": AuditEvent.objects.values_list("record_type", flat=True)
            .distinct()
            .order_by("record_type"),
            "filters": {
                "actor": actor,
                "record_type": record_type,
                "since": request.GET.get("since", ""),
                "until": request.GET.get("until", ""),
            },
            "errors": errors,
            "querystring": query.urlencode(),
        },
    )
