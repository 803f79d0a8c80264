"""MiCA decision points of an incident, recorded (Regulation (EU) 2023/1114 Arts 68-92)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from midora.incidents.choices import Decision
from midora.incidents.models import Incident, MicaDecision
from midora.incidents.services.intake import person


def save_decision(incident: Incident, point: str, data: dict[str, Any], user: Any) -> MicaDecision:
    """MiCA Arts 68-92: one decision per point, with rationale, owner and time."""
    with transaction.atomic():
        row = MicaDecision.objects.filter(incident=incident, point=point).first() or MicaDecision(
            incident=incident, point=point
        )
        row.decision = data["decision"]
        row.rationale = data.get("rationale") or ""
        row.owner = person(user)
        row.decided_at = None if row.decision == Decision.PENDING else timezone.now()
        row.save()
    return row
