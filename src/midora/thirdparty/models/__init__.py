"""Records of the third-party area: providers, arrangements, their services and reviews."""

# Registration order matters: providers come before the arrangements that protect them, so
# generic dumps load them first and resets delete them last.
from midora.thirdparty.models.providers import ICTProvider  # isort: skip
from midora.thirdparty.models.arrangements import (  # isort: skip
    ContractualArrangement,
    ICTServiceUse,
    ServiceAssessment,
    Subcontractor,
)
from midora.thirdparty.models.register_data import EntityRegisterData, FunctionRegisterData
from midora.thirdparty.models.reviews import ClauseReview, ExitPlan

__all__ = [
    "ClauseReview",
    "ContractualArrangement",
    "EntityRegisterData",
    "ExitPlan",
    "FunctionRegisterData",
    "ICTProvider",
    "ICTServiceUse",
    "ServiceAssessment",
    "Subcontractor",
]
