"""Significant cyber threats (Delegated Regulation (EU) 2024/1772 Art 10; DORA Art 18(2))."""

from __future__ import annotations

from dataclasses import dataclass

from midora.incidents.engine.classification import ReviewFlag
from midora.incidents.engine.group_facts import ThreatFacts

THREAT_MATERIALISED = ReviewFlag(
    "threat_materialised", "DORA Art 18", "The threat materialised: classify it as an incident."
)


@dataclass(frozen=True)
class ThreatResult:
    """Outcome of RTS-C Art 10 for a cyber threat."""

    significant: bool
    conditions: dict[str, bool]
    why: str


def significant_cyber_threat(threat: ThreatFacts) -> ThreatResult:
    """RTS-C Art 10: could affect CIF or others, likely, could meet Art 6, 9(1) or 9(4)."""
    conditions = {
        "a_could_affect": bool(threat.could_affect),
        "b_high_probability": threat.high_probability_of_materialisation
        and bool(threat.probability_factors),
        "c_could_meet_criteria": bool(
            threat.if_materialised_could_meet & {"art_6_criticality", "t9_1", "t9_4"}
        ),
    }
    significant = all(conditions.values())
    failed = [k for k, v in conditions.items() if not v]
    why = (
        "Significant: Art 10(a), (b) and (c) all hold."
        if significant
        else f"Not significant: Art 10 conditions not met: {', '.join(failed)}."
    )
    return ThreatResult(significant, conditions, why)
