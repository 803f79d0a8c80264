"""Gap assessment pages: create, work through results, scores, compare, open actions, OSCAL."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from midora.compliance.assessment_service import (
    actions_for,
    comparison,
    create_assessment,
    evidence_for,
    open_action,
    refresh_suggestions,
    results_of,
    scores,
)
from midora.compliance.forms import AssessmentCreateForm, RequirementResultForm
from midora.compliance.models import Assessment, RequirementResult
from midora.compliance.oscal_records import assessment_document_for
from midora.compliance.views.common import scoped_or_404
from midora.core import permissions
from midora.core.models import StaleVersionError
from midora.core.views.area import AreaDetailView, AreaEditView


class AssessmentEditView(AreaEditView):
    """Adding an assessment picks its regime and scope and builds its results; editing is generic."""

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        if pk is not None:
            return super().get(request, pk)
        permissions.require(
            permissions.can_create(request.user), _(_("Your role cannot create records."))
        )
        form = AssessmentCreateForm(user=request.user)
        return render(request, "compliance/assessment_add.html", self.context(request, form=form))

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        if pk is not None:
            return super().post(request, pk)
        permissions.require(
            permissions.can_create(request.user), _(_("Your role cannot create records."))
        )
        form = AssessmentCreateForm(data=request.POST, user=request.user)
        if not form.is_valid():
            return render(
                request,
                "compliance/assessment_add.html",
                self.context(request, form=form),
                status=422,
            )
        data = form.cleaned_data
        assessment = create_assessment(
            title=data["title"],
            regime=data["regime"],
            entities=list(data["entities"]),
            started_on=data["started_on"],
            owner=request.user,
            target_maturity=data["target_maturity"],
        )
        messages.success(
            request,
            _(
                "Created “%(assessment)s” with %(count)s applicable requirements, each with a "
                "suggestion to confirm."
            )
            % {"assessment": assessment, "count": assessment.results.count()},
        )
        return HttpResponseRedirect(assessment.get_absolute_url())


class AssessmentDetailView(AreaDetailView):
    template_name = "compliance/assessment_detail.html"

    def context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        context = super().context(request, **extra)
        assessment = extra.get("object")
        if assessment is None:
            return context
        results = list(results_of(assessment))
        area = request.GET.get("area", "")
        status = request.GET.get("status", "")
        shown = [
            r
            for r in results
            if (not area or r.requirement.area == area)
            and (not status or (r.status or "open") == status)
        ]
        statuses = Counter(r.status or "open" for r in results)
        others = (
            permissions.scope(request.user, Assessment.objects.filter(regime=assessment.regime))
            .exclude(pk=assessment.pk)
            .order_by("-started_on")
        )
        context.update(
            results=shown,
            total=len(results),
            statuses=statuses,
            score=scores(assessment),
            areas=sorted({r.requirement.area for r in results}),
            area=area,
            status=status,
            actions=actions_for(results),
            others=others,
            status_choices=[("open", "Not assessed yet"), *RequirementResult.Status.choices],
        )
        return context


@permissions.register_readers_only
def result_edit(request: HttpRequest, pk: int) -> HttpResponse:
    result = scoped_or_404(
        request,
        RequirementResult.objects.select_related("assessment", "requirement__framework"),
        pk,
    )
    evidence_ids = evidence_for(result)
    if request.method == "POST":
        permissions.require(
            permissions.can_edit(request.user, result), _("Your role cannot edit this.")
        )
        form = RequirementResultForm(
            data=request.POST, instance=result, user=request.user, evidence_ids=evidence_ids
        )
        if form.is_valid():
            try:
                with transaction.atomic():
                    form.save()
            except StaleVersionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, _("Saved the result for %(ref)s.") % {"ref": result.requirement.ref}
                )
                return HttpResponseRedirect(result.assessment.get_absolute_url())
        status = 422
    else:
        form = RequirementResultForm(instance=result, user=request.user, evidence_ids=evidence_ids)
        status = 200
    mappings = (
        result.requirement.mappings.filter(control__entities__in=result.assessment.entities.all())
        .select_related("control")
        .distinct()
    )
    return render(
        request,
        "compliance/result_edit.html",
        {
            "result": result,
            "form": form,
            "mappings": mappings,
            "can_edit": permissions.can_edit(request.user, result),
            "action": actions_for([result]).get(result.pk),
        },
        status=status,
    )


@require_POST
def result_open_action(request: HttpRequest, pk: int) -> HttpResponse:
    result = scoped_or_404(request, RequirementResult.objects.select_related("requirement"), pk)
    permissions.require(
        permissions.can_create(request.user), _(_("Your role cannot create records."))
    )
    try:
        action, created = open_action(result, request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        text = (
            _("Opened action “%(action)s” due %(due)s.")
            if created
            else _("Already open: action “%(action)s” due %(due)s.")
        )
        messages.success(request, text % {"action": action, "due": action.due_date})
    return HttpResponseRedirect(
        reverse("compliance:assessment_detail", args=[result.assessment_id])
    )


@require_POST
def assessment_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = scoped_or_404(request, Assessment.objects.all(), pk)
    permissions.require(
        permissions.can_edit(request.user, assessment), _("Your role cannot edit this.")
    )
    count = refresh_suggestions(assessment)
    messages.success(
        request, _("Recomputed the suggestions of %(count)s requirements.") % {"count": count}
    )
    return HttpResponseRedirect(assessment.get_absolute_url())


@permissions.register_readers_only
def assessment_compare(request: HttpRequest) -> HttpResponse:
    visible = permissions.scope(request.user, Assessment.objects.all())
    before_id, after_id = request.GET.get("before", ""), request.GET.get("after", "")
    context: dict[str, Any] = {
        "assessments": visible.order_by("regime", "-started_on"),
        "before_id": before_id,
        "after_id": after_id,
    }
    if before_id.isdigit() and after_id.isdigit():
        before = scoped_or_404(request, Assessment.objects.all(), int(before_id))
        after = scoped_or_404(request, Assessment.objects.all(), int(after_id))
        try:
            result = comparison(before, after)
        except ValueError as exc:
            context["error"] = str(exc)
        else:
            titles = dict(
                results_of(after).values_list("requirement__ref", "requirement__title")
            ) | dict(results_of(before).values_list("requirement__ref", "requirement__title"))
            context.update(
                before=before,
                after=after,
                comparison=result,
                rows=[
                    (ref, titles.get(ref, ""), change)
                    for ref, change in result.requirements.items()
                ],
                totals=Counter(change.value for change in result.requirements.values()),
            )
    return render(request, "compliance/assessment_compare.html", context)


@permissions.register_readers_only
def assessment_oscal(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = scoped_or_404(request, Assessment.objects.all(), pk)
    document = assessment_document_for(assessment.pk)
    response = HttpResponse(json.dumps(document, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="assessment-{pk}-oscal.json"'
    return response
