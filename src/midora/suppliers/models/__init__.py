"""Records of the third-party area: providers, arrangements, their services and reviews."""

# Registration order matters: providers come before the arrangements that protect them, so
# generic dumps load them first and resets delete them last.
from midora.suppliers.models.providers import ICTProvider  # isort: skip
from midora.suppliers.models.arrangements import (  # isort: skip
    ContractualArrangement,
    ICTServiceUse,
    ServiceAssessment,
    Subcontractor,
)
from midora.suppliers.models.reviews import ClauseReview, ExitPlan
from midora.suppliers.models.roi_data import EntityRegisterData, FunctionRegisterData
from midora.suppliers.models.roi_result import RegisterResult

__all__ = [
    "ClauseReview",
    "ContractualArrangement",
    "EntityRegisterData",
    "ExitPlan",
    "FunctionRegisterData",
    "ICTProvider",
    "ICTServiceUse",
    "RegisterResult",
    "ServiceAssessment",
    "Subcontractor",
]
