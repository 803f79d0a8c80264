"""Incident pages: overview, intake, detail (classification, deadlines, reports, MiCA), facts."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from midora.core import permissions
from midora.core.choices import CRYPTO_SERVICE_SHORT
from midora.core.models import LegalEntity, StaleVersionError
from midora.core.views.generic import (
    ObjectEditView,
    RegisterView,
)
from midora.incidents import intake_steps, registers
from midora.incidents.choices import Source, Stage, Status
from midora.incidents.engine.mica_decisions import DECISION_POINTS, relevant_decision_points
from midora.incidents.forms import ImpactForm, IncidentForm, MicaDecisionForm
from midora.incidents.models import Incident
from midora.incidents.said import said_classification
from midora.incidents.services.dashboard import dashboard_rows
from midora.incidents.services.decisions import save_decision
from midora.incidents.services.intake import IntakeData, classify_incident, intake, update_facts
from midora.incidents.services.record_facts import FactsError, incident_facts
from midora.incidents.services.reporting import clock_for, current_classification


def _tz(entity: LegalEntity | None) -> ZoneInfo:
    return ZoneInfo(entity.time_zone if entity else "Europe/Brussels")


class IncidentEditView(ObjectEditView):
    """Add: the one intake (links and impact facts together). Edit: descriptive fields and links."""

    template_name = "incidents/incident_form.html"

    def _entity(self, request: HttpRequest) -> LegalEntity | None:
        entities = permissions.scope(request.user, LegalEntity.objects.all())
        raw = request.POST.get("entity") or request.GET.get("entity")
        chosen = entities.filter(pk=raw).first() if raw and str(raw).isdigit() else None
        return chosen or entities.first()

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        if pk is not None:
            return super().get(request, pk)
        self._editable(request, None)
        entity = self._entity(request)
        form = IncidentForm(user=request.user, initial={"entity": entity}, for_entity=entity)
        with timezone.override(_tz(entity)):
            return self._steps(request, form, ImpactForm(), entity, 0)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        if pk is not None:
            return super().post(request, pk)
        self._editable(request, None)
        entity = self._entity(request)
        form = IncidentForm(data=request.POST, user=request.user, for_entity=entity)
        goto = request.POST.get("goto") or intake_steps.RECORD
        current = intake_steps.step_of(request.POST.get("step"))
        with timezone.override(_tz(entity)):
            impact_form = ImpactForm(data=request.POST)
            grouped = intake_steps.fields_by_step([*form.fields, *impact_form.fields])
            valid = form.is_valid() & impact_form.is_valid()
            if goto == intake_steps.REFRESH:  # the entity changed: its records, no errors yet
                form.errors.clear()
                impact_form.errors.clear()
                return self._steps(request, form, impact_form, entity, current)
            if goto in intake_steps.KEYS:
                target = intake_steps.step_of(goto)
                if target <= current:
                    form.errors.clear()
                    impact_form.errors.clear()
                    return self._steps(request, form, impact_form, entity, target)
                checked = {name for names in grouped[: current + 1] for name in names}
                for bound in (form, impact_form):
                    for name in list(bound.errors):
                        if name not in checked:
                            del bound.errors[name]
                wrong = intake_steps.first_step_with_errors(
                    grouped, [*form.errors, *impact_form.errors]
                )
                step = target if wrong is None else wrong
                return self._steps(
                    request, form, impact_form, entity, step, status=200 if wrong is None else 422
                )
            if valid:
                created = self._record(request, form, impact_form)
                if created is not None:
                    messages.success(
                        request,
                        _("Recorded incident %(reference)s.")
                        % {"reference": created.labelled_reference},
                    )
                    return HttpResponseRedirect(created.get_absolute_url())
            wrong = intake_steps.first_step_with_errors(
                grouped, [*form.errors, *impact_form.errors]
            )
            return self._steps(request, form, impact_form, entity, wrong or 0, status=422)

    def _record(
        self, request: HttpRequest, form: IncidentForm, impact_form: ImpactForm
    ) -> Incident | None:
        """Record the incident through the one intake (idempotent); refusals go on the forms."""
        d = form.cleaned_data
        data = IntakeData(
            title=d["title"],
            description=d.get("description") or "",
            timeline=impact_form.timeline(),
            impact=impact_form.impact(),
            apparent_root_cause=d.get("apparent_root_cause") or "",
            crypto_services=list(d.get("crypto_services") or []),
            function_ids=[o.pk for o in d.get("functions") or []],
            ict_asset_ids=[o.pk for o in d.get("ict_assets") or []],
            provider_ids=[o.pk for o in d.get("providers") or []],
            arrangement_ids=[o.pk for o in d.get("arrangements") or []],
            affected_entity_ids=[o.pk for o in d.get("affected_entities") or []],
        )
        try:
            incident, _created = intake(
                user=request.user, entity=d["entity"], data=data, source=Source.WEB
            )
        except FactsError as exc:
            impact_form.add_path_error(exc.path, exc.reason)
        except ValidationError as exc:
            for path, errors in exc.message_dict.items():
                form.add_error(None, f"{path}: {' '.join(errors)}")
        else:
            return incident
        return None

    def _steps(
        self,
        request: HttpRequest,
        form: IncidentForm,
        impact_form: ImpactForm,
        entity: LegalEntity | None,
        current: int,
        status: int = 200,
    ) -> HttpResponse:
        fields = {
            **{n: form[n] for n in form.fields},
            **{n: impact_form[n] for n in impact_form.fields},
        }
        grouped = intake_steps.fields_by_step(fields)
        steps = [
            {
                "index": index,
                "step": step,
                "fields": [fields[name] for name in grouped[index]],
                "current": index == current,
                "previous": intake_steps.KEYS[index - 1] if index else None,
                "next": intake_steps.KEYS[index + 1]
                if index + 1 < len(intake_steps.KEYS)
                else None,
            }
            for index, step in enumerate(intake_steps.STEPS)
        ]
        form.fields["entity"].widget.attrs.update(
            {
                "hx-post": request.path,
                "hx-trigger": "change",
                "hx-target": "#intake",
                "hx-select": "#intake",
                "hx-swap": "outerHTML",
                "hx-vals": '{"goto": "entity"}',
            }
        )
        return render(
            request,
            "incidents/intake.html",
            self.context(
                request,
                form=form,
                impact_form=impact_form,
                steps=steps,
                current=intake_steps.STEPS[current],
                object=None,
                tz=_tz(entity),
                entity=entity,
            ),
            status=status,
        )


class IncidentDetailView(RegisterView):
    template_name = "incidents/incident_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        permissions.require_register_reader(request.user)
        incident = self.get_object(request, pk)
        return render(
            request, self.template_name, self.context(request, **detail(request, incident))
        )


def detail(request: HttpRequest, incident: Incident) -> dict[str, Any]:
    """Everything the incident page shows, DORA path and MiCA path apart."""
    facts = incident_facts(incident)
    classification = current_classification(incident)
    decisions = {d.point: d for d in incident.mica_decisions.select_related("owner")}
    services = incident.crypto_services or []
    suggested = {p.key for p in relevant_decision_points(facts.impact, services)}
    mica = [
        (
            point,
            decisions.get(point.key),
            point.key in suggested,
            MicaDecisionForm(
                prefix=point.key,
                initial={
                    "decision": decisions[point.key].decision
                    if point.key in decisions
                    else "pending",
                    "rationale": decisions[point.key].rationale if point.key in decisions else "",
                },
            ),
        )
        for point in DECISION_POINTS
    ]
    return {
        "object": incident,
        "tab": "details",
        "tz": incident.entity.time_zone,
        "facts": facts,
        "classification": classification,
        "said": said_classification(classification),
        "history": incident.classifications.order_by("-pk")[:20],
        "clock": clock_for(incident),
        "reports": incident.reports.order_by("created_at", "pk"),
        "mica": mica,
        "revisions": incident.revisions.select_related("changed_by").order_by("-number")[:20],
        "crypto_services": [CRYPTO_SERVICE_SHORT.get(s, s) for s in services],
        "can_edit": permissions.can_edit(request.user, incident),
        "can_delete": permissions.can_delete(request.user, incident),
        "register": registers.incidents,
        "stages": Stage.choices,
    }


def _incident(request: HttpRequest, pk: int, edit: bool = True) -> Incident:
    view = RegisterView(register=registers.incidents)
    permissions.require_register_reader(request.user)
    incident = view.get_object(request, pk)
    if edit:
        permissions.require(
            permissions.can_edit(request.user, incident), _("Your role cannot edit this incident.")
        )
    return incident


def facts_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the impact facts and timeline; every change is kept and reclassified."""
    incident = _incident(request, pk)
    tz = _tz(incident.entity)
    status = 200
    with timezone.override(tz):
        if request.method == "POST":
            form = ImpactForm(data=request.POST)
            if form.is_valid():
                try:
                    version = int(request.POST.get("version", "0"))
                    update_facts(
                        incident,
                        user=request.user,
                        version=version,
                        impact=form.impact(keep=incident.impact),
                        timeline=form.timeline(),
                        note=request.POST.get("note", ""),
                    )
                except FactsError as exc:
                    form.add_path_error(exc.path, exc.reason)
                except StaleVersionError as exc:
                    form.add_error(None, str(exc))
                    status = 409
                else:
                    messages.success(
                        request, _("Impact facts saved and the incident reclassified.")
                    )
                    return HttpResponseRedirect(incident.get_absolute_url())
            status = status if status != 200 else 422
        else:
            form = ImpactForm(initial=ImpactForm.initial_for(incident))
        return render(
            request,
            "incidents/facts_form.html",
            {"object": incident, "form": form, "tz": tz, "register": registers.incidents},
            status=status,
        )


@require_POST
def classify_view(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(request, pk)
    row = classify_incident(incident, request.user)
    messages.success(
        request,
        (
            _("Classified: major (%(ruleset)s).")
            if row.major
            else _("Classified: not major (%(ruleset)s).")
        )
        % {"ruleset": row.ruleset_version},
    )
    return HttpResponseRedirect(incident.get_absolute_url())


@require_POST
def mica_decide(request: HttpRequest, pk: int, point: str) -> HttpResponse:
    """Record one MiCA decision (yes / no / not applicable) with rationale, owner and time."""
    incident = _incident(request, pk)
    if point not in {p.key for p in DECISION_POINTS}:
        messages.error(
            request, _("Unknown MiCA decision point %(point)s.") % {"point": repr(point)}
        )
        return HttpResponseRedirect(incident.get_absolute_url() + "#mica")
    form = MicaDecisionForm(data=request.POST, prefix=point)
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, _("MiCA decision not saved: %(errors)s") % {"errors": errors})
        return HttpResponseRedirect(incident.get_absolute_url() + "#mica")
    save_decision(incident, point, form.cleaned_data, request.user)
    messages.success(request, _("MiCA decision recorded."))
    return HttpResponseRedirect(incident.get_absolute_url() + "#mica")


@permissions.register_readers_only
def index(request: HttpRequest) -> HttpResponse:
    qs = permissions.scope(request.user, Incident.objects.select_related("entity"))
    rows = dashboard_rows(request.user)
    return render(
        request,
        "incidents/index.html",
        {
            "open_count": qs.filter(status=Status.OPEN).count(),
            "resolved_count": qs.filter(status=Status.RESOLVED).count(),
            "major_count": qs.filter(is_major=True).count(),
            "overdue": sum(1 for r in rows if r.entry.state == "overdue"),
            "due_soon": sum(1 for r in rows if r.entry.state == "due_soon"),
            "recent": qs.order_by("-aware_at", "-pk")[:10],
            "rows": [r for r in rows if r.entry.open][:10],
        },
    )


@permissions.register_readers_only
def dashboard(request: HttpRequest) -> HttpResponse:
    """The reporting clock across incidents: due, due soon, overdue (entity's local time)."""
    show = request.GET.get("show", "open")
    rows = dashboard_rows(request.user)
    if show == "open":
        rows = [r for r in rows if r.entry.open]
    return render(request, "incidents/dashboard.html", {"rows": rows, "show": show})
