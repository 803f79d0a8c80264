"""Reclassification of a major incident (Implementing Regulation (EU) 2025/302 Art 5)."""

from __future__ import annotations

from dataclasses import dataclass

from midora.core.engine.sentences import Sentence, _
from midora.incidents.engine.classification import (
    GATE_KEY,
    ClassificationResult,
    CriterionResult,
    ReviewFlag,
)


@dataclass(frozen=True)
class ReclassificationDecision:
    """Whether a major incident may be reported as reclassified to non-major."""

    outcome: str  # no_change | classify_as_major | remains_major | reclassify_as_non_major
    submission_type: str | None
    why: str
    review_flags: tuple[ReviewFlag, ...] = ()


def reclassification(
    previous: ClassificationResult, new: ClassificationResult
) -> ReclassificationDecision:
    """ITS 2025/302 Art 5; RTS-R Art 2(i): only an incident that at no time met the criteria."""
    if not previous.major:
        if new.major:
            return ReclassificationDecision(
                "classify_as_major",
                "initial_notification",
                Sentence(_("Now major: the reporting clock starts (RTS-R Art 5).")),
            )
        return ReclassificationDecision("no_change", None, Sentence(_("Non-major before and now.")))
    if new.major:
        return ReclassificationDecision(
            "remains_major", None, Sentence(_("Still meets RTS-C Art 8."))
        )
    lost = [
        c
        for c in (previous.critical_services, *previous.thresholds)
        if c.met and not _find(new, c.key).met
    ]
    firm = [c.key for c in lost if not c.estimated]
    if firm:
        return ReclassificationDecision(
            "remains_major",
            None,
            Sentence(
                _(
                    "The criteria were met on actual figures (%(criteria)s); an incident that met "
                    "them and later improved stays major (ITS Art 5; RTS-R Art 2(i))."
                ),
                criteria=", ".join(firm),
            ),
            (
                ReviewFlag(
                    "reclassification_firm_figures_corrected",
                    "ITS Art 5",
                    Sentence(
                        _(
                            "If those earlier figures were wrong rather than improved, record "
                            "them as corrected estimates and re-assess."
                        )
                    ),
                ),
            ),
        )
    return ReclassificationDecision(
        "reclassify_as_non_major",
        "major_incident_reclassified_as_non-major",
        Sentence(
            _(
                "The criteria rested only on estimates now replaced by figures that never met "
                "RTS-C Art 8; give the reasons in field 2.10 (ITS Art 5)."
            )
        ),
        (
            ReviewFlag(
                "reclassification_confirm_never_met",
                "ITS Art 5",
                Sentence(_("Confirm that the incident at no time fulfilled the criteria.")),
            ),
        ),
    )


def _find(result: ClassificationResult, key: str) -> CriterionResult:
    if key == GATE_KEY:
        return result.critical_services
    return result.threshold(key)
