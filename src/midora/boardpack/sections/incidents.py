"""Board pack: incidents of the period, major ones, and reporting deadlines met or missed."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from midora.boardpack.sections import Figure, PackContext, RecordRef, Section, Table, model_or_none

ORDER = 40
KEY = "incidents"
TITLE = gettext_lazy("Incidents and reporting")


def build(ctx: PackContext) -> Section:
    Incident = model_or_none("incidents.Incident")
    Report = model_or_none("incidents.IncidentReport")
    if Incident is None:
        return Section(KEY, TITLE, empty=_("No incident register is in use yet."))
    incidents = list(
        Incident.objects.filter(
            entity_id__in=ctx.entity_ids,
            occurred_at__date__gte=ctx.period_from,
            occurred_at__date__lte=ctx.period_to,
        )
        .select_related("entity")
        .order_by("occurred_at")
    )
    if not incidents:
        return Section(
            KEY,
            TITLE,
            summary=_("No incident occurred in the period."),
            figures=[Figure("incidents.count", _("Incidents in the period"), 0)],
        )
    major = [i for i in incidents if i.is_major]
    reports = (
        list(Report.objects.filter(incident__in=incidents).select_related("incident"))
        if Report
        else []
    )
    late = [
        r
        for r in reports
        if r.due_at
        and (
            (r.sent_at and r.sent_at > r.due_at) or (not r.sent_at and r.due_at.date() < ctx.today)
        )
    ]
    on_time = [r for r in reports if r.due_at and r.sent_at and r.sent_at <= r.due_at]
    ref = lambda i: RecordRef(i.labelled_reference, i.get_absolute_url())  # noqa: E731
    rows = [
        [
            ref(i),
            i.title,
            i.entity.name,
            i.occurred_at.date().isoformat(),
            _("major") if i.is_major else _("not major"),
            _("resolved") if i.resolved_at else pgettext("incident", "open"),
        ]
        for i in incidents
    ]
    decisions = []
    if late:
        decisions.append(
            ngettext(
                "Note %(count)d DORA incident report sent late or overdue and approve the "
                "remediation of the reporting process.",
                "Note %(count)d DORA incident reports sent late or overdue and approve the "
                "remediation of the reporting process.",
                len(late),
            )
            % {"count": len(late)}
        )
    return Section(
        KEY,
        TITLE,
        summary=_(
            "Incidents in the period: %(incidents)d, of which major under DORA Art. 18: "
            "%(major)d; reports sent on time: %(on_time)d, late or overdue: %(late)d."
        )
        % {
            "incidents": len(incidents),
            "major": len(major),
            "on_time": len(on_time),
            "late": len(late),
        },
        figures=[
            Figure(
                "incidents.count",
                _("Incidents in the period"),
                len(incidents),
                [ref(i) for i in incidents],
            ),
            Figure(
                "incidents.major",
                _("Major ICT-related incidents"),
                len(major),
                [ref(i) for i in major],
            ),
            Figure(
                "incidents.reports_on_time",
                _("Reports sent on time"),
                len(on_time),
                [ref(r.incident) for r in on_time],
            ),
            Figure(
                "incidents.reports_late",
                _("Reports late or overdue"),
                len(late),
                [ref(r.incident) for r in late],
            ),
        ],
        tables=[
            Table(
                _("Incidents"),
                [
                    _("Reference"),
                    _("Title"),
                    _("Entity"),
                    _("Occurred"),
                    _("DORA classification"),
                    _("Status"),
                ],
                rows,
                more_url=reverse("incidents:incident_list"),
            )
        ],
        decisions_needed=decisions,
    )
