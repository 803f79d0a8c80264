"""Records of the third-party area: providers, arrangements, their services and reviews."""

from midora.thirdparty.models.arrangements import (
    ContractualArrangement,
    ICTServiceUse,
    ServiceAssessment,
    Subcontractor,
)
from midora.thirdparty.models.providers import ICTProvider
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
