from midora.authorisation.models.dossier import Dossier, DossierItem, ItemComment, ItemEvidence
from midora.authorisation.models.people import Person, PersonDocument
from midora.authorisation.models.rounds import InformationRequest

__all__ = [
    "Dossier",
    "DossierItem",
    "InformationRequest",
    "ItemComment",
    "ItemEvidence",
    "Person",
    "PersonDocument",
]
