"""Forms of review schedules, access reviews and their exceptions, and of completing a review."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from midora.compliance.models import Evidence
from midora.core import permissions
from midora.core.forms import ScopedLinksForm
from midora.reviews.models import AccessException, AccessReview, ReviewSchedule

DATE = forms.DateInput(attrs={"type": "date"})


class ReviewScheduleForm(ScopedLinksForm):
    class Meta:
        model = ReviewSchedule
        fields = [
            "entity",
            "kind",
            "title",
            "interval_months",
            "next_due",
            "checklist",
            "controls",
            "active",
            "owner",
        ]
        widgets = {"next_due": DATE}


class AccessReviewForm(ScopedLinksForm):
    class Meta:
        model = AccessReview
        fields = [
            "entity",
            "schedule",
            "system",
            "system_name",
            "period_start",
            "period_end",
            "accounts_reviewed",
            "accounts_removed",
            "reviewer",
            "findings",
            "owner",
        ]
        widgets = {"period_start": DATE, "period_end": DATE}


class AccessExceptionForm(ScopedLinksForm):
    class Meta:
        model = AccessException
        fields = ["review", "account", "justification", "approved_by", "expires_on", "owner"]
        widgets = {"expires_on": DATE}


class CompletionForm(forms.Form):
    """Completing a scheduled review: every checklist step ticked, optional evidence kept."""

    completed_on = forms.DateField(widget=DATE)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence = forms.ModelChoiceField(queryset=Evidence.objects.none(), required=False)

    def __init__(self, schedule: ReviewSchedule, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].initial = timezone.localdate()
        self.fields["steps_done"] = forms.MultipleChoiceField(
            label=_("Steps done"),
            choices=[(s, s) for s in schedule.checklist_steps],
            required=bool(schedule.checklist_steps),
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["evidence"].queryset = permissions.scope(
            user, Evidence.objects.filter(entity=schedule.entity_id)
        )
