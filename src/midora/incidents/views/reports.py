"""Report pages: draft, guided completion, JSON and PDF export, mark as sent; threats; holidays."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from midora.core import permissions
from midora.core.views.generic import RegisterView
from midora.incidents import registers
from midora.incidents.choices import Stage
from midora.incidents.engine.report_content import validate_report
from midora.incidents.forms import HolidayOverrideForm
from midora.incidents.models import HolidayOverride, Incident, IncidentReport, ReportFrozenError
from midora.incidents.report_display import readable
from midora.incidents.report_forms import ReportFieldsForm, facts_side
from midora.incidents.services.pdf import report_pdf
from midora.incidents.services.recurring import recurring_groups
from midora.incidents.services.reporting import (
    create_report,
    gaps,
    mark_sent,
    report_content,
    send_threat_notification,
)
from midora.incidents.views.incidents import _incident


@permissions.register_readers_only
def _report(request: HttpRequest, pk: int) -> IncidentReport:
    return RegisterView(register=registers.reports).get_object(request, pk)


@require_POST
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(request, pk)
    stage = request.POST.get("stage", "")
    if stage not in Stage.values:
        messages.error(request, _("Unknown report stage %(stage)s.") % {"stage": repr(stage)})
        return HttpResponseRedirect(incident.get_absolute_url())
    report = create_report(incident, stage, request.user)
    messages.success(request, _("Drafted: %(stage)s.") % {"stage": report.get_stage_display()})
    return HttpResponseRedirect(report.get_absolute_url())


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as it stands, what is missing (field by field) and the form to complete it."""
    report = _report(request, pk)
    incident = report.incident
    can_edit = permissions.can_edit(request.user, incident) and not report.is_sent
    missing = [] if report.is_sent else gaps(incident, report.stage)
    form = ReportFieldsForm(missing, incident.report_text or {})
    status = 200
    if request.method == "POST":
        permissions.require(can_edit, _("This report cannot be changed."))
        form = ReportFieldsForm(missing, incident.report_text or {}, data=request.POST)
        if form.is_valid():
            incident.report_text = {**(incident.report_text or {}), **form.text_updates()}
            incident.save()
            messages.success(request, _("Report fields saved on the incident record."))
            return HttpResponseRedirect(report.get_absolute_url())
        status = 422
    content = report_content(report)
    return render(
        request,
        "incidents/report_detail.html",
        {
            "report": report,
            "object": incident,
            "tz": incident.entity.time_zone,
            "blocks": readable(content),
            "problems": validate_report(content),
            "missing": missing,
            "facts_missing": facts_side(missing),
            "form": form,
            "can_edit": can_edit,
        },
        status=status,
    )


def report_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The IR-1.2.1 JSON document (frozen content once sent)."""
    report = _report(request, pk)
    response = JsonResponse(report_content(report), json_dumps_params={"indent": 2})
    name = f"{report.incident.reference}-{report.stage}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def report_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    response = HttpResponse(report_pdf(report), content_type="application/pdf")
    name = f"{report.incident.reference}-{report.stage}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def report_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark as sent: the content is frozen with its SHA-256 and the send time."""
    report = _report(request, pk)
    permissions.require(
        permissions.can_edit(request.user, report.incident), _("Your role cannot send reports.")
    )
    try:
        mark_sent(report, request.user)
    except ReportFrozenError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        details = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        messages.error(
            request, _("Not sent — complete the report first. %(details)s") % {"details": details}
        )
    else:
        messages.success(request, _("Marked as sent; SHA-256 %(sha)s.") % {"sha": report.sha256})
    return HttpResponseRedirect(report.get_absolute_url())


class ThreatDetailView(RegisterView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return threat_detail(request, pk)


@permissions.register_readers_only
def threat_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Threat page with its Art 10 assessment and voluntary notification."""
    threat = RegisterView(register=registers.threats).get_object(request, pk)
    from midora.incidents.services.reporting import threat_notification

    content = threat.notification if threat.notified_at else threat_notification(threat)
    return render(
        request,
        "incidents/threat_detail.html",
        {
            "object": threat,
            "register": registers.threats,
            "tab": "details",
            "blocks": readable(content),
            "can_edit": permissions.can_edit(request.user, threat),
            "can_delete": permissions.can_delete(request.user, threat),
        },
    )


@require_POST
@permissions.register_readers_only
def threat_notify(request: HttpRequest, pk: int) -> HttpResponse:
    threat = RegisterView(register=registers.threats).get_object(request, pk)
    permissions.require(permissions.can_edit(request.user, threat))
    try:
        send_threat_notification(threat)
    except (ReportFrozenError, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Voluntary notification marked as sent and frozen."))
    return HttpResponseRedirect(threat.get_absolute_url())


@permissions.register_readers_only
def holidays(request: HttpRequest) -> HttpResponse:
    """Competent-authority overrides of the Member State bank-holiday calendars."""
    may_edit = permissions.role_of(request.user) in {"administrator", "compliance_manager"}
    form = HolidayOverrideForm(user=request.user)
    if request.method == "POST":
        permissions.require(may_edit, _("Your role cannot change holiday calendars."))
        form = HolidayOverrideForm(data=request.POST, user=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, _("Override saved; deadlines now use it."))
            return HttpResponseRedirect(request.path)
    return render(
        request,
        "incidents/holidays.html",
        {"overrides": HolidayOverride.objects.all(), "form": form, "may_edit": may_edit},
        status=422 if form.errors else 200,
    )


@permissions.register_readers_only
def recurring(request: HttpRequest) -> HttpResponse:
    """RTS-C Art 8(2) assessment of the incidents sharing an apparent root cause."""
    qs = permissions.scope(request.user, Incident.objects.select_related("entity"))
    return render(
        request,
        "incidents/recurring.html",
        {"groups": recurring_groups(qs.exclude(apparent_root_cause="")), "now": timezone.now()},
    )
