"""Suggested template fields 3.23 and 3.25 (Implementing Regulation (EU) 2025/302 Annex I)."""

from __future__ import annotations

import re

from midora.incidents.engine.facts import ImpactFacts

# Explicit technique words in the description -> field 3.25 value (suggestions only).
TECHNIQUE_WORDS: tuple[tuple[str, str], ...] = (
    (r"\b(d?dos|denial[- ]of[- ]service)\b", "ddos"),
    (r"\b(phishing|social engineering|sim[- ]swap)", "social_engineering_including_phishing"),
    (r"\bransomware\b", "data_encryption_for_impact_including_ransomware"),
    (r"\bdefacement\b", "defacement"),
    (r"\bsupply[- ]chain\b", "supply-chain_attack"),
    (r"\bexfiltrat", "data_exfiltration_and_manipulation_including_identity_theft"),
    (r"\bcryptojack|resource hijack", "resource_hijacking"),
)


_COMPILED = tuple((re.compile(pattern), value) for pattern, value in TECHNIQUE_WORDS)
# ITS Annex I field number -> suggested value: a text, or the codes of a multiple-choice field
TemplateHints = dict[str, str | list[str]]


def suggest_incident_type_hints(impact: ImpactFacts) -> TemplateHints:
    """ITS Annex I fields 3.23/3.25: cyber type and techniques named in the facts, for review."""
    text = impact.description
    techniques = []
    if text:
        text = text.lower()
        techniques = [value for pattern, value in _COMPILED if pattern.search(text)]
    if not techniques and not impact.successful_malicious_unauthorised_access:
        return {}
    hints: TemplateHints = {"3.23": ["cybersecurity-related"]}
    if techniques:
        hints["3.25"] = techniques
    return hints
