"""What the decision form adds to the form derived from the register's fields."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from midora.core.forms import ScopedLinksForm


class DecisionLinksForm(ScopedLinksForm):
    """A decision's links offer only what a board decides on, and stay within its entity."""

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
