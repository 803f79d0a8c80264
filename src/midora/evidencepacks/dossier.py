"""What an evidence pack takes from a MiCA authorisation dossier (MiCA Art. 62; Delegated
Regulation (EU) 2025/305): the dossier, its applicable items with their answers and approvals,
the attachments with the evidence version each answer rests on, and the authority's requests for
information (Art. 63). The people register is left out: fit-and-proper files are personal data and
go to the authority through the dossier's own export."""

from __future__ import annotations

from typing import Any

from midora.authorisation.models import Dossier, DossierItem, InformationRequest, ItemEvidence
from midora.core import permissions
from midora.evidencepacks.engine.selection import Selection, SelectionError
from midora.evidencepacks.extensions import ExtraContent


def pack_records(user: Any, selection: Selection, entity_ids: list[int]) -> ExtraContent:
    """The dossier of the LEI chosen with --dossier, within the user's entities."""
    dossier = (
        permissions.scope(user, Dossier.objects.all())
        .filter(entity__lei=selection.dossier, entity__in=entity_ids)
        .first()
    )
    if dossier is None:
        raise SelectionError(f"dossier: no MiCA dossier of {selection.dossier} in your scope")
    items = list(
        DossierItem.objects.filter(dossier=dossier, applies=True)
        .select_related("requirement__framework")
        .order_by("position")
    )
    attachments = list(
        ItemEvidence.objects.filter(item__in=items)
        .select_related(
            "item__requirement",
            "pinned_version__evidence__entity",
            "pinned_version__evidence__approved_by",
        )
        .order_by("pk")
    )
    requests = list(InformationRequest.objects.filter(dossier=dossier).order_by("pk"))
    return ExtraContent(
        records={
            "dossiers": [dossier],
            "dossier_items": items,
            "dossier_attachments": attachments,
            "information_requests": requests,
        },
        requirements=[item.requirement for item in items],
        pinned=[
            (a.pinned_version, [a.item.requirement.ref]) for a in attachments if a.pinned_version_id
        ],
    )
