"""Forms of remediation actions and decisions of the management body."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from midora.core.views.area import ScopedLinksForm
from midora.core.widgets import IsoDateInput
from midora.governance.models import Action, Decision

DATE = IsoDateInput()


class ActionForm(ScopedLinksForm):
    class Meta:
        model = Action
        fields = [
            "entity",
            "title",
            "description",
            "source_type",
            "source_id",
            "priority",
            "due_date",
            "status",
            "progress",
            "budget_needed",
            "budget_approved",
            "closed_date",
            "owner",
        ]
        widgets = {"due_date": DATE, "closed_date": DATE}


class DecisionForm(ScopedLinksForm):
    class Meta:
        model = Decision
        fields = [
            "entity",
            "reference",
            "date",
            "body",
            "subject",
            "decision",
            "minutes_reference",
            "actions",
            "risks",
            "owner",
        ]
        widgets = {"date": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        linked_actions = Q(pk__in=self.instance.actions.all()) if self.instance.pk else Q()
        linked_risks = Q(pk__in=self.instance.risks.all()) if self.instance.pk else Q()
        # A register may hold tens of thousands of risks: offer those treated by acceptance and
        # the unfinished actions, plus whatever is linked already.
        self.fields["risks"].queryset = (
            self.fields["risks"]
            .queryset.filter(Q(treatment="accept") | linked_risks)
            .select_related("entity")
        )
        self.fields["actions"].queryset = self.fields["actions"].queryset.filter(
            ~Q(status__in=("done", "cancelled")) | linked_actions
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.same_entity(data, "actions", "risks")
        return data
