"""After authorisation, a new version of evidence behind an approved answer flags the item."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from midora.compliance.models import EvidenceVersion


@receiver(post_save, sender=EvidenceVersion, dispatch_uid="authorisation_flag_new_version")
def flag_items_on_new_version(
    sender: Any, instance: EvidenceVersion, created: bool, raw: bool = False, **_: Any
) -> None:
    if created and not raw:  # a version written back as stored (fixtures) is not an upload
        from midora.authorisation.services import flag_changed_evidence

        flag_changed_evidence(
            instance.evidence_id,
            f"{instance.evidence.title}: version {instance.number} uploaded "
            f"{instance.uploaded_at:%Y-%m-%d} after approval",
        )
