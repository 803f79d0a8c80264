"""Pages of the reviews area: what is due, completing a scheduled review, signing off an
access review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from midora.core import permissions
from midora.reviews.forms import CompletionForm
from midora.reviews.models import AccessReview, ReviewSchedule
from midora.reviews.services import complete_schedule, sign_off

NAV = "reviews/area_nav.html"


def _scoped(request: HttpRequest, model, pk: int):
    obj = (
        permissions.scope(request.user, model.objects.all()).filter(pk=pk).first()
        if pk < 2**63
        else None
    )
    if obj is None:
        raise Http404("No such record in your scope.")
    return obj


@permissions.register_readers_only
def index(request: HttpRequest) -> HttpResponse:
    schedules = permissions.scope(request.user, ReviewSchedule.objects.filter(active=True))
    today = timezone.localdate()
    pending = permissions.scope(
        request.user, AccessReview.objects.filter(signed_off_at__isnull=True)
    ).select_related("entity")
    return render(
        request,
        "reviews/index.html",
        {
            "area_nav": NAV,
            "overdue": schedules.filter(next_due__lt=today).select_related("entity", "owner"),
            "upcoming": schedules.filter(next_due__gte=today).select_related("entity", "owner")[
                :50
            ],
            "pending": pending[:50],
            "today": today,
        },
    )


@permissions.register_readers_only
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = _scoped(request, ReviewSchedule, pk)
    permissions.require(permissions.can_edit(request.user, schedule))
    form = CompletionForm(schedule, request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            completion = complete_schedule(
                schedule,
                request.user,
                form.cleaned_data["completed_on"],
                list(form.cleaned_data["steps_done"]),
                form.cleaned_data["notes"],
                form.cleaned_data["evidence"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Review completed; next due %(day)s.") % {"day": completion.next_due.isoformat()},
            )
            return HttpResponseRedirect(schedule.get_absolute_url())
    return render(
        request, "reviews/complete.html", {"area_nav": NAV, "schedule": schedule, "form": form}
    )


@require_POST
def access_review_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    review = _scoped(request, AccessReview, pk)
    permissions.require(
        permissions.can_edit(request.user, review), _("You cannot sign off this access review.")
    )
    try:
        sign_off(review, request.user)
    except ValidationError as exc:
        messages.error(
            request, _("Cannot sign off: %(problems)s") % {"problems": " ".join(exc.messages)}
        )
    else:
        messages.success(request, _("Signed off: the review is now evidence for the IAM controls."))
    return HttpResponseRedirect(review.get_absolute_url())
