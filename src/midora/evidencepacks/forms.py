"""The pack form: every choice limited to what the signed-in user may read."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from midora.compliance.models import Assessment, Requirement
from midora.core import permissions
from midora.core.models import LegalEntity
from midora.evidencepacks.engine.selection import Selection, SelectionError
from midora.evidencepacks.extensions import dossier_available

REGIME_CHOICES = [("", "—"), ("DORA", "DORA + RTS"), ("MICA", "MiCA")]


class PackForm(forms.Form):
    regime = forms.ChoiceField(label=_("Regime"), choices=REGIME_CHOICES, required=False)
    requirements = forms.CharField(
        required=False,
        label=_("Requirements"),
        help_text=_("Requirement identifiers, comma-separated (e.g. DORA-5.1)."),
    )
    area = forms.ChoiceField(label=_("Area"), required=False)
    controls = forms.CharField(
        required=False, label=_("Controls"), help_text=_("Control codes, comma-separated.")
    )
    incident = forms.CharField(
        required=False, label=_("Incident"), help_text=_("An incident reference.")
    )
    assessment = forms.ChoiceField(label=_("Assessment"), required=False)
    dossier = forms.CharField(
        required=False, label=_("MiCA dossier"), help_text=_("LEI of the applicant entity.")
    )
    entity = forms.ChoiceField(
        required=False, label=_("Entity"), help_text=_("Empty: all your entities.")
    )
    period_from = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_to = forms.DateField(
        required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    recipient = forms.CharField(
        max_length=200, label=_("Recipient"), help_text=_("For whom, e.g. 'AMF, supervision'.")
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=500, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entities = LegalEntity.objects.filter(pk__in=permissions.granted_entity_ids(user)).order_by(
            "name"
        )
        self.fields["entity"].choices = [("", gettext("All my entities"))] + [
            (e.lei, f"{e.name} ({e.lei})") for e in entities
        ]
        areas = Requirement.objects.values_list("area", flat=True).distinct().order_by("area")
        self.fields["area"].choices = [("", "—")] + [(a, gettext(a)) for a in areas if a]
        assessments = permissions.scope(user, Assessment.objects.all()).order_by("-started_on")
        self.fields["assessment"].choices = [("", "—")] + [
            (str(a.pk), f"#{a.pk} {a.title} ({a.get_regime_display()})") for a in assessments
        ]
        if not dossier_available():
            self.fields["dossier"].disabled = True
            self.fields["dossier"].help_text = gettext(
                "Available once MiCA dossiers are installed."
            )

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
