"""The names of the review flags the classification engines raise (RTS-C Arts 8 and 9, ITS Art 5,
DORA Art 18), as a page shows them beside the flag's message."""

from __future__ import annotations


def _(text: str) -> str:
    """Marks a name for the translation catalogue; pages translate it when they show it."""
    return text


FLAG_NAMES: dict[str, str] = {
    "geographical_spread_home_state": _("Geographical spread: home Member State"),
    "malicious_access_may_cause_loss_assumed": _("Malicious access: data losses assumed"),
    "malicious_access_covered_by_9_5_a": _("Malicious access already covered by Art. 9(5)(a)"),
    "reclassification_firm_figures_corrected": _("Reclassification: actual figures corrected?"),
    "reclassification_confirm_never_met": _("Reclassification: confirm criteria never met"),
    "recurring_aggregation": _("Recurring incidents: how they are added up"),
    "recurring_occurrence_major": _("Recurring incidents: one occurrence major on its own"),
    "recurring_individual_claim_differs": _("Recurring incidents: stated classification differs"),
    "threat_materialised": _("Threat materialised"),
}


def flag_name(code: str) -> str:
    """A review flag's name ("Geographical spread: home Member State"); an unknown code as words."""
    return FLAG_NAMES.get(code) or code.replace("_", " ").capitalize()
