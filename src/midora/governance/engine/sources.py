"""What opened a remediation action: labels and burn-down categories of each `source_type`.

Other apps open actions with their own `source_type` (the label of the record behind it, e.g.
``resilience.finding``). The action list aggregates whatever source types exist; the names below
only make the known ones readable and place them in one of the burn-down's source categories.
"""

from __future__ import annotations

from collections.abc import Callable

from midora.governance.engine.burndown import SourceType

Translate = Callable[[str], str]


def _(text: str) -> str:
    """Marks a label for the translation catalogue; pages translate it when they show it."""
    return text


def english(text: str) -> str:
    return text


CATEGORY_LABELS = {
    SourceType.ASSESSMENT_GAP: _("Assessment gaps"),
    SourceType.CONTRACT_CLAUSE_GAP: _("Contract-clause gaps"),
    SourceType.TEST_FINDING: _("Test findings"),
    SourceType.INCIDENT_LESSON: _("Incident lessons learned"),
    SourceType.RISK: _("ICT risks"),
}

# Keywords of a source_type, checked in order, that place it in a category.
_KEYWORDS: tuple[tuple[str, SourceType], ...] = (
    ("clause", SourceType.CONTRACT_CLAUSE_GAP),
    ("arrangement", SourceType.CONTRACT_CLAUSE_GAP),
    ("finding", SourceType.TEST_FINDING),
    ("resilience", SourceType.TEST_FINDING),
    ("incident", SourceType.INCIDENT_LESSON),
    ("lesson", SourceType.INCIDENT_LESSON),
    ("risk", SourceType.RISK),
    ("requirement", SourceType.ASSESSMENT_GAP),
    ("assessment", SourceType.ASSESSMENT_GAP),
    ("gap", SourceType.ASSESSMENT_GAP),
)

SOURCE_LABELS = {
    "": _("Other (entered directly)"),
    "compliance.requirementresult": _("Assessment gap"),
    "compliance.assessment": _("Assessment gap"),
    "suppliers.clausereview": _("Contract-clause gap"),
    "suppliers.contractualarrangement": _("Contract-clause gap"),
    "resilience.finding": _("Test finding"),
    "incidents.incident": _("Incident lesson learned"),
    "ictrisk.risk": _("ICT risk"),
}


def category_of(source_type: str) -> SourceType | None:
    """DORA Art. 6(7), Art. 13(2): which source category an action's source_type belongs to."""
    value = (source_type or "").lower()
    for source in SourceType:
        if value == source.value:
            return source
    for keyword, category in _KEYWORDS:
        if keyword in value:
            return category
    return None


def source_label(source_type: str, translate: Translate = english) -> str:
    """A readable name for a source_type (the raw value when it is not a known one); pages pass
    Django's gettext as `translate`."""
    if source_type in SOURCE_LABELS:
        return translate(SOURCE_LABELS[source_type])
    category = category_of(source_type)
    if category is not None:
        return translate(_("%(category)s (%(source)s)")) % {
            "category": translate(CATEGORY_LABELS[category]),
            "source": source_type,
        }
    return source_type
