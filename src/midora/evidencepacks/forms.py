"""The pack form: every choice limited to what the signed-in user may read."""

from __future__ import annotations

from typing import Any

from django import forms

from midora.compliance.models import Assessment, Requirement
from midora.core import permissions
from midora.core.models import LegalEntity
from midora.evidencepacks.engine.selection import Selection, SelectionError
from midora.evidencepacks.extensions import dossier_available

REGIME_CHOICES = [("", "—"), ("DORA", "DORA + RTS"), ("MICA", "MiCA")]


class PackForm(forms.Form):
    regime = forms.ChoiceField(choices=REGIME_CHOICES, required=False)
    requirements = forms.CharField(
        required=False, help_text="Requirement identifiers, comma-separated (e.g. DORA-5.1)."
    )
    area = forms.ChoiceField(required=False)
    controls = forms.CharField(required=False, help_text="Control codes, comma-separated.")
    incident = forms.CharField(required=False, help_text="An incident reference.")
    assessment = forms.ChoiceField(required=False)
    dossier = forms.CharField(
        required=False, label="MiCA dossier", help_text="LEI of the applicant entity."
    )
    entity = forms.ChoiceField(required=False, help_text="Empty: all your entities.")
    period_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    period_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    recipient = forms.CharField(max_length=200, help_text="For whom, e.g. 'AMF, supervision'.")
    purpose = forms.CharField(max_length=500, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entities = LegalEntity.objects.filter(pk__in=permissions.granted_entity_ids(user)).order_by(
            "name"
        )
        self.fields["entity"].choices = [("", "All my entities")] + [
            (e.lei, f"{e.name} ({e.lei})") for e in entities
        ]
        areas = Requirement.objects.values_list("area", flat=True).distinct().order_by("area")
        self.fields["area"].choices = [("", "—")] + [(a, a) for a in areas if a]
        assessments = permissions.scope(user, Assessment.objects.all()).order_by("-started_on")
        self.fields["assessment"].choices = [("", "—")] + [
            (str(a.pk), f"#{a.pk} {a.title} ({a.get_regime_display()})") for a in assessments
        ]
        if not dossier_available():
            self.fields["dossier"].disabled = True
            self.fields["dossier"].help_text = "Available once MiCA dossiers are installed."

    def selection(self) -> Selection | None:
        """The parsed selection, or None with the error attached to the form."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("recipient", "purpose")}
        try:
            return Selection.parse(**data)
        except SelectionError as exc:
            field, _, _rest = str(exc).partition(":")
            target = {"from": "period_from", "to": "period_to"}.get(field, field)
            self.add_error(target if target in self.fields else None, str(exc))
            return None
