"""Guided completion of a report: one form field for each missing template field (ITS Annex I)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms

from midora.incidents.engine.report_content import FieldGap, report_schema

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _enum(*path: str) -> list[tuple[str, str]]:
    node: Any = report_schema()
    for part in path:
        node = node[part]
    values = node["items"]["enum"] if "items" in node else node["enum"]
    return [(v, v.replace("_", " ").replace("-", " ").capitalize()) for v in values]


def _defs(name: str, prop: str) -> tuple[str, ...]:
    return ("$defs", name, "properties", prop)


def _multi(path: tuple[str, ...], label: str) -> Callable[[], forms.Field]:
    return lambda: forms.MultipleChoiceField(
        label=label, choices=_enum(*path), widget=forms.CheckboxSelectMultiple
    )


def _choice(path: tuple[str, ...], label: str) -> Callable[[], forms.Field]:
    return lambda: forms.ChoiceField(label=label, choices=[("", "—"), *_enum(*path)])


YES_NO = [("", "—"), ("yes", "Yes"), ("no", "No")]

# template path -> (report_text key, field factory); facts-side paths are completed on the facts page.
TEXT_FIELDS: dict[str, tuple[str, Callable[[], forms.Field]]] = {
    "primaryContact.email": (
        "contact_email",
        lambda: forms.EmailField(label="Primary contact e-mail (1.8)"),
    ),
    "incident.incidentDescription": (
        "description",
        lambda: forms.CharField(label="Description (2.4)", widget=forms.Textarea),
    ),
    "incident.incidentDiscovery": (
        "discovery",
        _choice(_defs("Incident", "incidentDiscovery"), "How the incident was discovered (2.7)"),
    ),
    "incident.isBusinessContinuityActivated": (
        "bcp_activated",
        lambda: forms.ChoiceField(label="Business continuity plan activated (2.9)", choices=YES_NO),
    ),
    "incident.incidentType.incidentClassification": (
        "incident_types",
        _multi(_defs("IncidentType", "incidentClassification"), "Type of incident (3.23)"),
    ),
    "impactAssessment.affectedFunctionalAreas": (
        "functional_areas",
        lambda: forms.CharField(label="Affected functional areas (3.27)"),
    ),
    "impactAssessment.isAffectedInfrastructureComponents": (
        "infrastructure_affected",
        _choice(
            _defs("ImpactAssessment", "isAffectedInfrastructureComponents"),
            "Infrastructure components affected (3.28)",
        ),
    ),
    "reportingToOtherAuthorities": (
        "reporting_to_other_authorities",
        _multi(
            ("properties", "reportingToOtherAuthorities"), "Reported to other authorities (3.31)"
        ),
    ),
    "incident.rootCauseHLClassification": (
        "root_causes",
        _multi(_defs("Incident", "rootCauseHLClassification"), "Root causes (4.1)"),
    ),
    "incident.incidentResolutionSummary": (
        "resolution_summary",
        lambda: forms.CharField(label="Resolution summary (4.6)", widget=forms.Textarea),
    ),
    "incident.rootCauseAddressingDateTime": (
        "root_cause_addressed_at",
        lambda: forms.DateTimeField(label="Root cause addressed (4.7)", widget=DATETIME),
    ),
    "incident.incidentResolutionVsPlannedImplementation": (
        "resolution_vs_planned",
        lambda: forms.CharField(label="Resolution against plan (4.9)", widget=forms.Textarea),
    ),
}
# ITS Annex I fields 1.7-1.12 (RTS-R Art 1(e)): offered on every draft, kept on the incident.
CONTACT_FIELDS: dict[str, Callable[[], forms.Field]] = {
    "contact_name": lambda: forms.CharField(label="Primary contact name (1.7)", max_length=200),
    "contact_phone": lambda: forms.CharField(
        label="Primary contact telephone (1.9)", max_length=40
    ),
    "secondary_contact_name": lambda: forms.CharField(
        label="Second contact name (1.10)", max_length=200
    ),
    "secondary_contact_email": lambda: forms.EmailField(label="Second contact e-mail (1.11)"),
    "secondary_contact_phone": lambda: forms.CharField(
        label="Second contact telephone (1.12)", max_length=40
    ),
}
THREAT_TECHNIQUES = (
    "threat_techniques",
    _multi(_defs("IncidentType", "threatTechniques"), "Threat techniques (3.25)"),
)


def facts_side(gaps: list[FieldGap]) -> list[FieldGap]:
    """Gaps that come from the timeline or impact facts (completed on the facts page)."""
    return [g for g in gaps if g.path not in TEXT_FIELDS]


class ReportFieldsForm(forms.Form):
    """One field per text gap of the report, labelled with the template field and why."""

    def __init__(self, gaps: list[FieldGap], text: dict[str, Any], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.keys: dict[str, str] = {}
        for gap in gaps:
            if gap.path in TEXT_FIELDS:
                key, factory = TEXT_FIELDS[gap.path]
                field = factory()
                field.help_text = gap.why
                self.fields[key] = field
        for key, factory in CONTACT_FIELDS.items():
            field = factory()
            field.required = False
            field.initial = text.get(key)
            self.fields[key] = field
        types = set(text.get("incident_types") or []) | set(
            self.data.getlist("incident_types") if hasattr(self.data, "getlist") else []
        )
        if "cybersecurity-related" in types and not text.get("threat_techniques"):
            key, factory = THREAT_TECHNIQUES
            self.fields[key] = factory()
            self.fields[key].required = False
            self.fields[key].help_text = "Required for a cybersecurity-related incident (3.25)."

    def text_updates(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in self.cleaned_data.items():
            if key == "bcp_activated":
                value = value == "yes"
            elif isinstance(value, dt.datetime):
                value = value.isoformat()
            if value not in (None, "", []):
                out[key] = value
        return out
