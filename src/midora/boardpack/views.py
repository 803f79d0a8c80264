"""Board pack pages: generate, preview as HTML, list snapshots, download the PDF; role dashboards."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from midora.boardpack.dashboards import dashboard_sections
from midora.boardpack.generate import PackError, build_pack
from midora.boardpack.models import BoardPack
from midora.boardpack.remediation import board_view
from midora.boardpack.store import read_pdf
from midora.boardpack.tasks import generate_pack
from midora.core import permissions
from midora.core.models import AuditEvent, LegalEntity
from midora.jobs.runner import start_job


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last full calendar quarter."""
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = quarter_start - dt.timedelta(days=1)
    return dt.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1), end


def _entities(request: HttpRequest):
    ids = (
        LegalEntity.objects.values_list("pk", flat=True)
        if permissions.sees_all_entities(request.user)
        else permissions.granted_entity_ids(request.user)
    )
    return LegalEntity.objects.filter(pk__in=list(ids)).order_by("name")


def _request_period(request: HttpRequest) -> tuple[dt.date, dt.date, LegalEntity | None]:
    start, end = default_period(timezone.localdate())
    source = request.POST if request.method == "POST" else request.GET
    try:
        if source.get("period_from"):
            start = dt.date.fromisoformat(source["period_from"])
        if source.get("period_to"):
            end = dt.date.fromisoformat(source["period_to"])
    except ValueError as exc:
        raise PackError("dates must be YYYY-MM-DD") from exc
    if start > end:
        raise PackError("the period ends before it starts")
    entity = None
    if source.get("entity"):
        entity = (
            _entities(request).filter(pk=source["entity"]).first()
            if source["entity"].isdigit()
            else None
        )
        if entity is None:
            raise PackError("that entity is not in your scope")
    return start, end, entity


def index(request: HttpRequest) -> HttpResponse:
    permissions.require(permissions.can_read_board(request.user))
    start, end = default_period(timezone.localdate())
    return render(
        request,
        "boardpack/index.html",
        {
            "packs": BoardPack.objects.visible_to(request.user),
            "entities": _entities(request),
            "period_from": start,
            "period_to": end,
            "can_generate": permissions.can_generate_board_pack(request.user),
        },
    )


def preview(request: HttpRequest) -> HttpResponse:
    permissions.require(permissions.can_read_board(request.user))
    try:
        start, end, entity = _request_period(request)
    except PackError as exc:
        messages.error(request, _("Cannot build the pack: %(reason)s.") % {"reason": exc})
        return HttpResponseRedirect("/board/")
    pack = build_pack(request.user, start, end, entity)
    return render(request, "boardpack/preview.html", {"pack": pack})


def generate(request: HttpRequest) -> HttpResponse:
    permissions.require(
        permissions.can_generate_board_pack(request.user),
        _("Your role reads board packs but cannot generate them."),
    )
    if request.method != "POST":
        return HttpResponseRedirect("/board/")
    try:
        start, end, entity = _request_period(request)
    except PackError as exc:
        messages.error(request, _("Cannot generate the pack: %(reason)s.") % {"reason": exc})
        return HttpResponseRedirect("/board/")
    scope = entity.name if entity else _("all entities in scope")
    job = start_job(
        "boardpack.generate",
        _("Board pack %(start)s..%(end)s (%(scope)s)")
        % {"start": start, "end": end, "scope": scope},
        request.user,
        generate_pack,
        user_id=request.user.pk,
        period_from=start.isoformat(),
        period_to=end.isoformat(),
        entity_id=entity.pk if entity else None,
    )
    return HttpResponseRedirect(job.get_absolute_url())


def _snapshot(request: HttpRequest, pk: int) -> BoardPack:
    permissions.require(permissions.can_read_board(request.user))
    pack = BoardPack.objects.visible_to(request.user).filter(pk=pk).first() if pk < 2**63 else None
    if pack is not None:
        return pack
    raise Http404(_("No board pack with that id in your scope."))


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    pack = _snapshot(request, pk)
    try:
        read_pdf(pack.sha256)
        intact = True
    except (OSError, ValueError):
        intact = False
    values = pack.figures.get("values", {})
    records = pack.figures.get("records", {})
    rows = [(key, value, records.get(key, [])) for key, value in sorted(values.items())]
    return render(request, "boardpack/detail.html", {"pack": pack, "rows": rows, "intact": intact})


def download(request: HttpRequest, pk: int) -> HttpResponse:
    pack = _snapshot(request, pk)
    try:
        data = read_pdf(pack.sha256)
    except (OSError, ValueError) as exc:
        raise Http404(
            _("The stored PDF is missing or damaged: %(reason)s") % {"reason": exc}
        ) from exc
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="midora-board-pack-{pack.period_from}-{pack.period_to}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard of the signed-in user's role, over the current quarter to date."""
    permissions.require(permissions.can_read_board(request.user))
    role = permissions.role_of(request.user)
    today = timezone.localdate()
    start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    sections = dashboard_sections(request.user, role, start, today)
    events = []
    if role in {"auditor", "administrator"}:
        events = AuditEvent.objects.order_by("-sequence")[:25]
    return render(
        request,
        "boardpack/dashboard.html",
        {"sections": sections, "role": role, "events": events, "start": start, "today": today},
    )


def remediation(request: HttpRequest) -> HttpResponse:
    """The board remediation view: gaps needing funding, an owner or a risk acceptance."""
    permissions.require(permissions.can_read_board(request.user))
    return render(
        request,
        "boardpack/remediation.html",
        {
            "area_nav": "governance/area_nav.html",
            "view": board_view(request.user),
            "links": permissions.can_read_registers(request.user),
        },
    )
