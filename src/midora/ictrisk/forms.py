"""Forms of ICT assets, risks and risk acceptances."""

from __future__ import annotations

from typing import Any

from django import forms

from midora.core.choices import CryptoService
from midora.core.forms import MultipleChoiceJSONField, ScopedLinksForm
from midora.core.widgets import IsoDateInput
from midora.ictrisk.choices import Treatment
from midora.ictrisk.matrix_config import active_matrix
from midora.ictrisk.models import ICTAsset, Risk, RiskAcceptance

DATE = IsoDateInput()


class ICTAssetForm(ScopedLinksForm):
    crypto_services = MultipleChoiceJSONField(choices=CryptoService.choices, required=False)

    class Meta:
        model = ICTAsset
        fields = [
            "entity",
            "name",
            "asset_type",
            "description",
            "confidentiality",
            "integrity",
            "availability",
            "functions",
            "crypto_services",
            "providers",
            "arrangements",
            "depends_on",
            "location",
            "owner",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["depends_on"].queryset = self.fields["depends_on"].queryset.exclude(
                pk=self.instance.pk
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.same_entity(data, "functions", "depends_on", "arrangements")
        return data


def level_choices(levels: Any) -> list[tuple[int, str]]:
    return [(lvl.level, f"{lvl.level} · {lvl.name}") for lvl in levels]


class RiskForm(ScopedLinksForm):
    crypto_services = MultipleChoiceJSONField(choices=CryptoService.choices, required=False)

    class Meta:
        model = Risk
        fields = [
            "entity",
            "reference",
            "title",
            "threat",
            "vulnerability",
            "consequence",
            "assets",
            "functions",
            "crypto_services",
            "providers",
            "controls",
            "inherent_likelihood",
            "inherent_impact",
            "residual_likelihood",
            "residual_impact",
            "treatment",
            "treatment_plan",
            "next_review",
            "last_reviewed",
            "owner",
        ]
        widgets = {"next_review": DATE, "last_reviewed": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        matrix = active_matrix()
        for axis in ("likelihood", "impact"):
            choices = level_choices(getattr(matrix, axis))
            for which in ("inherent", "residual"):
                name = f"{which}_{axis}"
                self.fields[name] = forms.TypedChoiceField(
                    label=f"{which.capitalize()} {axis}", choices=choices, coerce=int
                )
        self.saved_warnings: list[str] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.same_entity(data, "assets", "functions")
        return data

    def save(self, commit: bool = True) -> Any:
        risk = super().save(commit)
        self.saved_warnings = [w.message for w in risk.warnings]
        return risk


class RiskAcceptanceForm(ScopedLinksForm):
    class Meta:
        model = RiskAcceptance
        fields = [
            "risk",
            "accepted_by",
            "authority",
            "accepted_rating",
            "valid_from",
            "valid_until",
            "reason",
            "approved",
            "last_reviewed",
            "decision",
            "owner",
        ]
        widgets = {"valid_from": DATE, "valid_until": DATE, "last_reviewed": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        risk_field = self.fields["risk"]
        preset = self.instance.risk_id if self.instance.pk else self.initial.get("risk")
        if preset:  # opened from a risk: offer that risk only (a register may hold 50,000)
            risk_field.queryset = risk_field.queryset.filter(pk=preset)
        elif str(self.data.get("risk", "")).isdigit():
            risk_field.queryset = risk_field.queryset.filter(pk=self.data["risk"])
        else:
            risk_field.queryset = risk_field.queryset.filter(treatment=Treatment.ACCEPT)
        risk_field.queryset = risk_field.queryset.select_related("entity")
