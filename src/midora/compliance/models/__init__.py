"""Compliance records: catalogues, the control library and its mappings, evidence, assessments.

The control library and the evidence are shared by every regime; a mapping belongs to the regime
of the requirement it points at, so MiCA and DORA mappings are never blended.
"""

from midora.compliance.models.assessments import Assessment, RequirementResult
from midora.compliance.models.catalogue import Framework, Regime, Requirement
from midora.compliance.models.controls import Control, Mapping
from midora.compliance.models.evidence import Evidence, EvidenceLink, EvidenceVersion

__all__ = [
    "Assessment",
    "Control",
    "Evidence",
    "EvidenceLink",
    "EvidenceVersion",
    "Framework",
    "Mapping",
    "Regime",
    "Requirement",
    "RequirementResult",
]
