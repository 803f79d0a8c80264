"""Forms of the third-party records; every linked record is limited to the user's scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from midora.core import permissions
from midora.core.forms import TrackedModelForm
from midora.core.models import LegalEntity, TrackedModel
from midora.core.widgets import IsoDateInput
from midora.suppliers.models import (
    ClauseReview,
    ContractualArrangement,
    ExitPlan,
    ICTProvider,
    ICTServiceUse,
    ServiceAssessment,
    Subcontractor,
)

DATE = IsoDateInput()


class ScopedForm(TrackedModelForm):
    """Links to other tracked records offer only the records of the user's entities."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            model = field.queryset.model
            if issubclass(model, TrackedModel) and model is not LegalEntity:
                self.scope_choices(name, permissions.scope(self.user, field.queryset))


class ICTProviderForm(ScopedForm):
    class Meta:
        model = ICTProvider
        fields = [
            "name",
            "identification_code",
            "code_type",
            "additional_code",
            "additional_code_type",
            "name_latin",
            "person_type",
            "hq_country",
            "currency",
            "annual_expense",
            "parent",
            "ultimate_parent",
            "group_entity",
            "entities",
            "category",
            "description",
            "owner",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entities"].required = True
        self.fields[
            "entities"
        ].help_text = "The entities that use this provider (scopes who sees it)."


class ContractualArrangementForm(ScopedForm):
    class Meta:
        model = ContractualArrangement
        fields = [
            "reference",
            "title",
            "provider",
            "entity",
            "using_entities",
            "arrangement_type",
            "overarching",
            "linked_arrangements",
            "currency",
            "annual_cost",
            "start_date",
            "end_date",
            "termination_reason",
            "notice_period_entity",
            "notice_period_provider",
            "governing_law",
            "notes",
            "owner",
        ]
        widgets = {"start_date": DATE, "end_date": DATE}


class ArrangementChildForm(ScopedForm):
    """Records that hang off an arrangement: the arrangement can be pre-filled from the URL."""


class ICTServiceUseForm(ArrangementChildForm):
    class Meta:
        model = ICTServiceUse
        fields = [
            "arrangement",
            "function",
            "service_type",
            "provision_country",
            "stores_data",
            "storage_location",
            "processing_location",
            "data_sensitivity",
            "reliance_level",
            "owner",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        arrangement, function = data.get("arrangement"), data.get("function")
        if arrangement and function:
            users = {
                arrangement.entity_id,
                *arrangement.using_entities.values_list("pk", flat=True),
            }
            if function.entity_id not in users:
                self.add_error(
                    "function",
                    _(
                        "The function belongs to an entity that neither signs nor uses this arrangement."
                    ),
                )
        return data


class ServiceAssessmentForm(ArrangementChildForm):
    class Meta:
        model = ServiceAssessment
        fields = [
            "arrangement",
            "service_type",
            "substitutability",
            "reason_not_substitutable",
            "last_audit",
            "exit_plan",
            "reintegration",
            "discontinuation_impact",
            "alternatives_identified",
            "alternative_providers",
            "owner",
        ]
        widgets = {"last_audit": DATE}


class SubcontractorForm(ArrangementChildForm):
    class Meta:
        model = Subcontractor
        fields = ["arrangement", "service_type", "provider", "rank", "recipient", "owner"]


class ClauseReviewForm(ArrangementChildForm):
    class Meta:
        model = ClauseReview
        fields = [
            "arrangement",
            "clause_key",
            "finding",
            "clause_reference",
            "evidence",
            "reviewer",
            "reviewed_on",
            "note",
            "owner",
        ]
        widgets = {"reviewed_on": DATE}


class ExitPlanForm(ArrangementChildForm):
    class Meta:
        model = ExitPlan
        fields = [
            "arrangement",
            "status",
            "summary",
            "triggers",
            "alternative_provider",
            "transition_weeks",
            "approved_on",
            "last_tested",
            "owner",
        ]
        widgets = {"approved_on": DATE, "last_tested": DATE}
