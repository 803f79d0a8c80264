"""Forms of the incident area: intake and links, impact facts, report fields, MiCA decisions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from midora.core import permissions
from midora.core.choices import CryptoService
from midora.core.codelists import member_state_choices
from midora.core.forms import MultipleChoiceJSONField, TrackedModelForm
from midora.core.models import BusinessFunction, LegalEntity
from midora.core.widgets import IsoDateInput, IsoDateTimeInput
from midora.incidents.choices import Decision
from midora.incidents.models import CyberThreat, HolidayOverride, Incident
from midora.incidents.services.record_facts import TIMELINE_FIELDS

DATETIME = IsoDateTimeInput()
TRI_STATE = [("", _("Not known yet")), ("yes", _("Yes")), ("no", _("No"))]
NOT_AVAILABLE = "information_not_available"
# Field 3.30 (ITS 2025/302 Annex II): yes, no or information not available.
FINANCIAL_INTEREST = [*TRI_STATE, (NOT_AVAILABLE, _("Information not available (3.30)"))]
# RTS-C Art 3(2): the moments of a service disruption, from which the downtime is computed.
SERVICE_MOMENTS = {
    "service_unavailable_from": _("Service unavailable from (Art 3(2))"),
    "service_restored_at": _("Service restored to the pre-incident level"),
    "backlog_cleared_at": _("Backlog cleared (delayed service fully provided)"),
}
COST_FIELDS = {
    "expropriated_funds": _("Expropriated funds (7(1)(a))"),
    "lost_crypto_assets": _("Lost crypto-assets (7(1)(a))"),
    "replacement_relocation": _("Replacement or relocation (7(1)(b))"),
    "staff_costs": _("Staff costs and overtime (7(1)(c))"),
    "contractual_non_compliance_fees": _("Fees for contractual non-compliance (7(1)(d))"),
    "redress_to_clients": _("Redress and compensation to clients (7(1)(e))"),
    "forgone_revenues": _("Forgone revenues (7(1)(f))"),
    "communication": _("Communication (7(1)(g))"),
    "advisory": _("Advisory services (7(1)(h))"),
    "general_maintenance": _("General maintenance — excluded (7(2)(a))"),
    "insurance_premium": _("Insurance premiums — excluded (7(2)(c))"),
}
FLAGS = {
    "relevant_clients_or_counterparts_affected": _(
        "A relevant client or counterpart was affected (Art 1(3))"
    ),
    "successful_malicious_unauthorised_access": _(
        "Successful, malicious, unauthorised access (Art 6(c))"
    ),
}
REPUTATION = {
    "media": _("Reflected in the media (2(1)(a))"),
    "repetitive_complaints": _("Repetitive complaints from different clients (2(1)(b))"),
    "regulatory_requirements_breach_likely": _("Regulatory requirements likely not met (2(1)(c))"),
    "material_client_loss_likely": _("Material loss of clients likely (2(1)(d))"),
}
DATA = {
    "availability": _("Availability"),
    "authenticity": _("Authenticity"),
    "integrity": _("Integrity"),
    "confidentiality": _("Confidentiality"),
}
COUNTS = {
    "clients_using_service": _("Clients using the affected services"),
    "clients_affected": _("Clients affected"),
    "counterparts_total": _("Financial counterparts (total)"),
    "counterparts_affected": _("Financial counterparts affected"),
    "transactions_affected": _("Transactions affected"),
}
SHARES = {
    "transactions_affected_pct_of_daily_avg_number": _(
        "Transactions affected, % of daily average number"
    ),
    "transactions_affected_pct_of_daily_avg_value": _(
        "Transactions affected, % of daily average value"
    ),
}


def _tri(value: bool | str | None) -> str:
    if value == NOT_AVAILABLE:
        return NOT_AVAILABLE
    return "" if value is None else ("yes" if value else "no")


def _untri(value: str) -> bool | str | None:
    if value == NOT_AVAILABLE:
        return NOT_AVAILABLE
    return None if value == "" else value == "yes"


class IncidentForm(TrackedModelForm):
    """Descriptive fields and links of an incident (the facts have their own form)."""

    crypto_services = MultipleChoiceJSONField(choices=CryptoService.choices, required=False)

    class Meta:
        model = Incident
        fields = [
            "entity",
            "title",
            "description",
            "status",
            "apparent_root_cause",
            "functions",
            "crypto_services",
            "ict_assets",
            "providers",
            "arrangements",
            "affected_entities",
            "owner",
        ]
        widgets = {
            "functions": forms.CheckboxSelectMultiple,
            "affected_entities": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, for_entity: LegalEntity | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.user
        scoped = {
            "functions": BusinessFunction.objects.select_related("entity"),
            "affected_entities": LegalEntity.objects.all(),
        }
        for name in ("ict_assets", "providers", "arrangements"):
            field = self.fields[name]
            scoped[name] = field.queryset
        for name, qs in scoped.items():
            self.fields[name].queryset = permissions.scope(user, qs)
        if self.instance.pk:
            self.fields["entity"].disabled = True
            entity = self.instance.entity
            self.fields["functions"].queryset = self.fields["functions"].queryset.filter(
                entity=entity
            )
        self.fields["affected_entities"].required = False
        entity = self.instance.entity if self.instance.pk else for_entity
        if entity is not None:
            for name in ("functions", "ict_assets", "arrangements"):
                self.fields[name].queryset = self.fields[name].queryset.filter(entity=entity)
        name_records_with_entity(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        entity = data.get("entity") or (self.instance.entity if self.instance.pk else None)
        for name in ("functions", "ict_assets", "arrangements"):
            for obj in data.get(name) or []:
                if entity is not None and obj.entity_id != entity.pk:
                    self.add_error(
                        name,
                        gettext("“%(record)s” belongs to %(owner)s, not to %(entity)s.")
                        % {"record": obj, "owner": obj.entity, "entity": entity},
                    )
        return data


def name_records_with_entity(form: forms.BaseForm) -> None:
    """Name every linked record with its entity (assets of different entities share names),
    arrangements with their provider: "Client identity and KYC records — Aurora Digital France
    SAS", "CA-000-00001 · Cloudhost GmbH — Aurora Digital France SAS"."""
    for name, related in (
        ("functions", ("entity",)),
        ("ict_assets", ("entity",)),
        ("arrangements", ("entity", "provider")),
        ("providers", ()),
    ):
        field = form.fields.get(name)
        if field is None:
            continue
        if related:
            field.queryset = field.queryset.select_related(*related)
        field.label_from_instance = _record_label


def _record_label(obj: Any) -> str:
    label = str(obj)
    provider = getattr(obj, "provider", None)
    entity = getattr(obj, "entity", None)
    if provider is not None:
        title = getattr(obj, "title", "") or ""
        if entity is not None:  # "... services for <entity>": the entity is named once, last
            title = title.removesuffix(f" for {entity.name}")
        label = f"{label} {title} · {provider.name}" if title else f"{label} · {provider.name}"
    return f"{label} — {entity.name}" if entity is not None else label


class ImpactForm(forms.Form):
    """Timeline and impact facts for every criterion of RTS-C Arts 1-7."""

    occurred_at = forms.DateTimeField(label=_("Occurred"), required=False, widget=DATETIME)
    detected_at = forms.DateTimeField(label=_("Detected"), required=False, widget=DATETIME)
    aware_at = forms.DateTimeField(label=_("Aware (RTS-R Art 5)"), required=False, widget=DATETIME)
    classified_at = forms.DateTimeField(
        label=_("Classified as major"), required=False, widget=DATETIME
    )
    resolved_at = forms.DateTimeField(label=_("Resolved"), required=False, widget=DATETIME)
    clients_affected_is_estimate = forms.BooleanField(
        label=_("Clients affected is an estimate"), required=False
    )
    transactions_affected_value_eur = forms.DecimalField(
        label=_("Value of transactions affected (EUR)"), required=False, min_value=0
    )
    service_downtime_minutes = forms.IntegerField(
        label=_("Downtime of the service (minutes, Art 3(2))"),
        required=False,
        min_value=0,
        help_text=_("Or leave empty and give the moments below: midora computes the downtime."),
    )
    service_unavailable_from = forms.DateTimeField(
        label=SERVICE_MOMENTS["service_unavailable_from"], required=False, widget=DATETIME
    )
    service_restored_at = forms.DateTimeField(
        label=SERVICE_MOMENTS["service_restored_at"], required=False, widget=DATETIME
    )
    backlog_cleared_at = forms.DateTimeField(
        label=SERVICE_MOMENTS["backlog_cleared_at"],
        required=False,
        widget=DATETIME,
        help_text=_(
            "With a backlog the downtime runs from the start of the incident until the "
            "delayed service is fully provided (RTS-C Art 3(2))."
        ),
    )
    member_states_impacted = forms.MultipleChoiceField(
        label=_("Member States impacted (Art 4)"),
        choices=member_state_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    access_may_result_in_data_losses = forms.ChoiceField(
        label=_("The access may result in data losses (9(5)(b))"), choices=TRI_STATE, required=False
    )
    adverse_data_impact_established = forms.BooleanField(
        label=_("Adverse impact on business objectives or compliance established (9(5)(a))"),
        required=False,
    )
    costs_are_estimates = forms.BooleanField(label=_("Costs are estimates"), required=False)
    financial_recoveries_eur = forms.DecimalField(
        label=_("Financial recoveries (EUR, not netted)"), required=False, min_value=0
    )
    impact_on_financial_interests_of_clients = forms.ChoiceField(
        label=_("Impact on clients' financial interests (DORA 19(3); field 3.30)"),
        choices=FINANCIAL_INTEREST,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in COUNTS.items():
            self.fields[key] = forms.IntegerField(label=label, required=False, min_value=0)
        for key, label in SHARES.items():
            self.fields[key] = forms.FloatField(
                label=label, required=False, min_value=0, max_value=100
            )
        for key, label in {**FLAGS, **REPUTATION}.items():
            self.fields[key] = forms.BooleanField(label=label, required=False)
        for key, label in DATA.items():
            self.fields[f"data_{key}"] = forms.BooleanField(
                label=format_lazy(_("Data impact: {label}"), label=label), required=False
            )
        for key, label in COST_FIELDS.items():
            self.fields[f"cost_{key}"] = forms.DecimalField(
                label=label, required=False, min_value=0, decimal_places=2
            )

    @classmethod
    def initial_for(cls, incident: Incident) -> dict[str, Any]:
        impact = dict(incident.impact or {})
        initial: dict[str, Any] = {k: getattr(incident, k) for k in TIMELINE_FIELDS}
        estimate = impact.get("clients_affected_estimate")
        initial["clients_affected"] = (
            estimate if estimate is not None else impact.get("clients_affected")
        )
        initial["clients_affected_is_estimate"] = estimate is not None
        for key in (*COUNTS, *SHARES, *FLAGS, "transactions_affected_value_eur"):
            initial.setdefault(key, impact.get(key))
        initial["financial_recoveries_eur"] = impact.get("financial_recoveries_eur")
        for key in REPUTATION:
            initial[key] = bool((impact.get("reputational") or {}).get(key))
        downtime = impact.get("service_downtime")
        if downtime:
            from midora.incidents.engine.schema import duration_value

            span = duration_value(downtime, "impact.service_downtime")
            initial["service_downtime_minutes"] = int(span.total_seconds() // 60)
        for key in SERVICE_MOMENTS:
            if impact.get(key):
                initial[key] = dt.datetime.fromisoformat(impact[key])
        initial["member_states_impacted"] = impact.get("member_states_impacted") or []
        data = impact.get("data_impact")
        data = data if isinstance(data, dict) else {}
        for key in DATA:
            initial[f"data_{key}"] = bool(data.get(key))
        initial["adverse_data_impact_established"] = bool(
            impact.get("data_impact_under_9_5_a_established")
        )
        initial["access_may_result_in_data_losses"] = _tri(
            impact.get("access_may_result_in_data_losses")
        )
        initial["impact_on_financial_interests_of_clients"] = _tri(
            impact.get("impact_on_financial_interests_of_clients")
        )
        costs = impact.get("costs_eur_estimate") or impact.get("costs_eur") or {}
        initial["costs_are_estimates"] = "costs_eur_estimate" in impact
        if isinstance(costs, dict):
            for key, amount in costs.items():
                initial[f"cost_{key}"] = amount
        return initial

    def timeline(self) -> dict[str, dt.datetime | None]:
        return {k: self.cleaned_data.get(k) for k in TIMELINE_FIELDS}

    def impact(self, keep: dict[str, Any] | None = None) -> dict[str, Any]:
        """The impact document in the engine's format, keeping keys the form does not edit."""
        d = self.cleaned_data
        doc: dict[str, Any] = {
            k: v
            for k, v in (keep or {}).items()
            if k
            in (
                "services_affected",
                "description",
                "relevant_clients_or_counterparts_affected",
                "duration_downtime_figures",
            )
        }
        for key in (*COUNTS, *SHARES):
            if d.get(key) is not None:
                doc[key] = d[key]
        if d.get("clients_affected_is_estimate") and "clients_affected" in doc:
            doc["clients_affected_estimate"] = doc.pop("clients_affected")
        for key in FLAGS:
            doc[key] = bool(d.get(key))
        if d.get("transactions_affected_value_eur") is not None:
            doc["transactions_affected_value_eur"] = str(d["transactions_affected_value_eur"])
        doc["reputational"] = {k: bool(d.get(k)) for k in REPUTATION}
        if d.get("service_downtime_minutes") is not None:
            doc["service_downtime"] = f"PT{d['service_downtime_minutes']}M"
        for key in SERVICE_MOMENTS:
            if d.get(key) is not None:
                doc[key] = d[key].isoformat()
        doc["member_states_impacted"] = list(d.get("member_states_impacted") or [])
        dims = {k: True for k in DATA if d.get(f"data_{k}")}
        doc["data_impact"] = dims or "none"
        doc["data_impact_under_9_5_a_established"] = bool(d.get("adverse_data_impact_established"))
        for key in ("access_may_result_in_data_losses", "impact_on_financial_interests_of_clients"):
            value = _untri(d.get(key) or "")
            if value is not None:
                doc[key] = value
        costs = {
            k: str(d[f"cost_{k}"])
            for k in COST_FIELDS
            if d.get(f"cost_{k}") not in (None, Decimal(0))
        }
        if costs:
            doc["costs_eur_estimate" if d.get("costs_are_estimates") else "costs_eur"] = costs
        if d.get("financial_recoveries_eur") is not None:
            doc["financial_recoveries_eur"] = str(d["financial_recoveries_eur"])
        return doc

    def add_path_error(self, path: str, reason: str) -> None:
        """Put an engine refusal on the form field it names (or on the form)."""
        name = path.removeprefix("impact.").split(".")[0].split("[")[0]
        name = {
            "clients_affected_estimate": "clients_affected",
            "service_downtime": "service_downtime_minutes",
            "costs_eur": "costs_are_estimates",
            "costs_eur_estimate": "costs_are_estimates",
        }.get(name, name)
        if name in self.fields:
            self.add_error(name, reason)
        else:
            self.add_error(None, f"{path}: {reason}")


class MicaDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=Decision.choices, widget=forms.Select(attrs={"aria-label": _("Decision")})
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2, "aria-label": _("Rationale")}), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") not in (None, Decision.PENDING) and not data.get("rationale"):
            self.add_error("rationale", _("Say why (the rationale is kept with the decision)."))
        return data


class CyberThreatForm(TrackedModelForm):
    could_affect = forms.MultipleChoiceField(
        label=_("Could affect (Art 10(a))"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("critical_or_important_functions", _("Critical or important functions")),
            ("clients", _("Clients")),
            ("financial_counterparts", _("Financial counterparts")),
            ("other_financial_entities", _("Other financial entities")),
            ("third_party_providers", _("Third-party providers")),
        ],
    )
    exploitable_weakness = forms.CharField(label=_("Exploitable weakness"), required=False)
    actor_capability_and_intent = forms.CharField(
        label=_("Actor capability and intent"), required=False
    )
    persistence = forms.CharField(label=_("Persistence of the threat"), required=False)
    high_probability_of_materialisation = forms.BooleanField(
        label=_("High probability of materialisation (Art 10(b))"), required=False
    )
    could_meet = forms.MultipleChoiceField(
        label=_("If materialised, could meet (Art 10(c))"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("art_6_criticality", _("Art 6 critical services")),
            ("t9_1", "9(1) clients, counterparts, transactions"),
            ("t9_4", "9(4) geographical spread"),
        ],
    )

    class Meta:
        model = CyberThreat
        fields = [
            "entity",
            "title",
            "description",
            "detected_at",
            "potential_impact",
            "status",
            "actions_taken",
            "indicators_of_compromise",
            "contact_name",
            "contact_email",
            "contact_phone",
            "owner",
        ]
        widgets = {"detected_at": DATETIME}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        facts = self.instance.facts or {}
        if self.instance.pk:
            self.fields["could_affect"].initial = [
                k for k, v in (facts.get("could_affect") or {}).items() if v
            ]
            self.fields["could_meet"].initial = [
                k for k, v in (facts.get("if_materialised_could_meet") or {}).items() if v
            ]
            for key, value in (facts.get("probability_assessment") or {}).items():
                self.fields[key].initial = value
            self.fields["high_probability_of_materialisation"].initial = facts.get(
                "high_probability_of_materialisation"
            )

    FACT_FIELDS = (
        "could_affect",
        "exploitable_weakness",
        "actor_capability_and_intent",
        "persistence",
        "high_probability_of_materialisation",
        "could_meet",
    )

    def save(self, commit: bool = True) -> Any:
        """Rewrite the Art 10 facts, and the assessment drawn from them, only when they changed."""
        changed = set(self.changed_data)
        new = self.instance.pk is None
        if new or changed & set(self.FACT_FIELDS):
            d = self.cleaned_data
            self.instance.facts = {
                **(self.instance.facts or {"materialised_at_entity": False}),
                "could_affect": {k: True for k in d.get("could_affect") or []},
                "probability_assessment": {
                    k: d[k]
                    for k in ("exploitable_weakness", "actor_capability_and_intent", "persistence")
                    if d.get(k)
                },
                "high_probability_of_materialisation": bool(
                    d.get("high_probability_of_materialisation")
                ),
                "if_materialised_could_meet": {k: True for k in d.get("could_meet") or []},
            }
        if new or changed & {*self.FACT_FIELDS, "description", "detected_at"}:
            from midora.incidents.services.reporting import assess_threat

            assess_threat(self.instance)
        return super().save(commit)


class HolidayOverrideForm(TrackedModelForm):
    class Meta:
        model = HolidayOverride
        fields = ["competent_authority", "country", "day", "kind", "name"]
        widgets = {"day": IsoDateInput()}
