"""Labels of the fields and records named after their attribute or class: translated at start-up
(the models keep no verbose name of their own, so their migrations stay as they are)."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

FIELDS: dict[str, dict[str, Any]] = {
    "ICTAsset": {
        "entity": _("entity"),
        "name": _("name"),
        "asset_type": _("asset type"),
        "description": _("description"),
        "confidentiality": _("confidentiality"),
        "integrity": _("integrity"),
        "availability": _("availability"),
        "crypto_services": _("crypto services"),
        "location": _("location"),
        "depends_on": _("depends on"),
    },
    "Risk": {
        "entity": _("entity"),
        "reference": _("reference"),
        "title": _("title"),
        "threat": _("threat"),
        "vulnerability": _("vulnerability"),
        "consequence": _("consequence"),
        "crypto_services": _("crypto services"),
        "inherent_likelihood": _("inherent likelihood"),
        "inherent_impact": _("inherent impact"),
        "residual_likelihood": _("residual likelihood"),
        "residual_impact": _("residual impact"),
        "treatment": _("treatment"),
        "treatment_plan": _("treatment plan"),
        "last_reviewed": _("last reviewed"),
        "assets": _("assets"),
        "functions": _("functions"),
        "providers": _("providers"),
        "controls": _("controls"),
    },
    "RiskAcceptance": {
        "risk": _("risk"),
        "accepted_by": _("accepted by"),
        "accepted_rating": _("accepted rating"),
        "valid_from": _("valid from"),
        "valid_until": _("valid until"),
        "approved": _("approved"),
        "last_reviewed": _("last reviewed"),
        "decision": _("decision"),
    },
}

MODELS: dict[str, tuple[Any, Any]] = {}


def apply(config: AppConfig) -> None:
    """Give each field and record type its translatable label (called from ready())."""
    for model_name, labels in FIELDS.items():
        meta = config.get_model(model_name)._meta
        for name, label in labels.items():
            meta.get_field(name).verbose_name = label
    for model_name, (one, many) in MODELS.items():
        meta = config.get_model(model_name)._meta
        meta.verbose_name, meta.verbose_name_plural = one, many


# The names and descriptions of the shipped default risk matrix (data/risk_matrix.yaml), for the
# catalogue: pages show them translated; a matrix of one's own is shown as written.
DEFAULT_MATRIX_TEXTS = (
    gettext_noop("Default 5x5 ICT risk matrix"),
    gettext_noop("Rare"),
    gettext_noop("Not expected in the next 5 years."),
    gettext_noop("Unlikely"),
    gettext_noop("Could happen once in 2 to 5 years."),
    gettext_noop("Possible"),
    gettext_noop("Could happen once in 1 to 2 years."),
    gettext_noop("Likely"),
    gettext_noop("Expected at least once a year."),
    gettext_noop("Almost certain"),
    gettext_noop("Expected several times a year."),
    gettext_noop("Negligible"),
    gettext_noop("No effect on clients or critical or important functions; no data loss."),
    gettext_noop("Minor"),
    gettext_noop("Short degradation of a non-critical function; minimal client effect."),
    gettext_noop("Moderate"),
    gettext_noop(
        "Disruption of a critical or important function within its recovery time objective."
    ),
    gettext_noop("Major"),
    gettext_noop(
        "Disruption beyond the recovery time objective, loss of client data or funds, or a "
        "major ICT-related incident."
    ),
    gettext_noop("Severe"),
    gettext_noop(
        "Prolonged outage of crypto-asset services, large loss of client assets, or a threat to "
        "the continuity of the entity."
    ),
    gettext_noop("Low"),
    gettext_noop("Medium"),
    gettext_noop("High"),
    gettext_noop("Critical"),
)
