"""Forms of the compliance records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from midora.compliance.engine.catalogue_files import AREAS
from midora.compliance.models import (
    Assessment,
    Control,
    Evidence,
    Mapping,
    Regime,
    Requirement,
    RequirementResult,
)
from midora.core import permissions
from midora.core.forms import TrackedModelForm
from midora.core.models import LegalEntity
from midora.core.widgets import IsoDateInput

AREA_CHOICES = [("", "—"), *[(a, a) for a in AREAS]]
DATE = IsoDateInput()


class ControlForm(TrackedModelForm):
    area = forms.ChoiceField(choices=AREA_CHOICES, required=False)
    expected_evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One item of expected evidence per line."),
    )

    class Meta:
        model = Control
        fields = [
            "code",
            "title",
            "area",
            "description",
            "objective",
            "control_type",
            "frequency",
            "expected_evidence",
            "entities",
            "retired",
            "owner",
        ]
        widgets = {"entities": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entities"].required = not permissions.sees_all_entities(self.user)
        self.fields["entities"].help_text = "Legal entities that operate this control."
        if self.instance.pk:
            self.initial["expected_evidence"] = "\n".join(self.instance.expected_evidence or [])

    def clean_expected_evidence(self) -> list[str]:
        text = self.cleaned_data.get("expected_evidence") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class MappingForm(TrackedModelForm):
    class Meta:
        model = Mapping
        fields = ["control", "requirement", "coverage", "rationale"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["control"].queryset = permissions.scope(
            self.user, Control.objects.filter(retired=False)
        )
        current = Requirement.objects.filter(withdrawn=False, grouping=False)
        if self.instance.pk:
            current = current | Requirement.objects.filter(pk=self.instance.requirement_id)
        self.fields["requirement"].queryset = current.select_related("framework")
        self.fields["requirement"].label_from_instance = lambda r: (
            f"[{r.framework.get_regime_display()}] {r.ref} {r.title}"
        )
        self.fields[
            "rationale"
        ].help_text = (
            "Argue in terms of the requirement's own law; a MiCA mapping says nothing about DORA."
        )


class EvidenceForm(TrackedModelForm):
    class Meta:
        model = Evidence
        fields = [
            "entity",
            "title",
            "kind",
            "category",
            "description",
            "location",
            "effective_from",
            "effective_to",
            "next_review_on",
            "review_interval_days",
            "approved_by",
            "approved_on",
            "owner",
        ]
        widgets = {
            "effective_from": DATE,
            "effective_to": DATE,
            "next_review_on": DATE,
            "approved_on": DATE,
        }


class EvidenceCreateForm(EvidenceForm):
    file = forms.FileField(
        required=False, help_text=_("Any file type; it is stored once per content (SHA-256).")
    )
    controls = forms.ModelMultipleChoiceField(
        queryset=Control.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["controls"].queryset = permissions.scope(
            self.user, Control.objects.filter(retired=False)
        )
        self.fields["effective_from"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == Evidence.Kind.FILE and not data.get("file"):
            self.add_error("file", _("Choose the file to store, or record a reference instead."))
        return data


class VersionUploadForm(forms.Form):
    file = forms.FileField(help_text=_("The new version; earlier versions stay available."))


class EvidenceLinkForm(forms.Form):
    control = forms.ModelChoiceField(queryset=Control.objects.none())
    note = forms.CharField(max_length=300, required=False)

    def __init__(
        self, *args: Any, user: Any = None, evidence: Evidence | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        qs = permissions.scope(user, Control.objects.filter(retired=False))
        if evidence is not None:
            qs = qs.filter(entities=evidence.entity_id).exclude(evidence_links__evidence=evidence)
        self.fields["control"].queryset = qs


class AssessmentCreateForm(forms.Form):
    title = forms.CharField(max_length=200)
    regime = forms.ChoiceField(choices=Regime.choices)
    entities = forms.ModelMultipleChoiceField(
        queryset=LegalEntity.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    started_on = forms.DateField(widget=DATE)
    target_maturity = forms.IntegerField(min_value=0, max_value=5, initial=3)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entities"].queryset = permissions.scope(user, LegalEntity.objects.all())
        self.fields["started_on"].initial = timezone.localdate()


class AssessmentForm(TrackedModelForm):
    class Meta:
        model = Assessment
        fields = ["title", "status", "started_on", "completed_on", "notes", "owner"]
        widgets = {"started_on": DATE, "completed_on": DATE}


class RequirementResultForm(TrackedModelForm):
    class Meta:
        model = RequirementResult
        fields = [
            "status",
            "current_maturity",
            "target_maturity",
            "rationale",
            "evidence_considered",
        ]
        widgets = {"evidence_considered": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, evidence_ids: list[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence_considered"].queryset = Evidence.objects.filter(
            pk__in=list(evidence_ids)
        )
        self.fields["evidence_considered"].required = False
        result = self.instance
        if not result.status and not self.is_bound:
            self.initial["status"] = result.suggested_status
            self.initial["current_maturity"] = result.suggested_maturity
            if not result.rationale:
                self.initial["rationale"] = gettext("Suggested: %(suggestion)s") % {
                    "suggestion": result.said_suggestion
                }
            self.initial["evidence_considered"] = list(evidence_ids)
