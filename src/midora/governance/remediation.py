"""The remediation-action provider other apps reach through `midora.core.remediation`."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from midora.core.remediation import ActionRequest
from midora.governance.models import Action


class ActionProvider:
    """One action per source record: opening it twice returns the first one."""

    @transaction.atomic
    def open(self, request: ActionRequest) -> tuple[Action, bool]:
        existing = Action.objects.filter(
            source_type=request.source_type, source_id=request.source_id
        ).first()
        if existing is not None:
            return existing, False
        action = Action(
            entity_id=request.entity_id,
            title=request.title[:200],
            description=request.description,
            due_date=request.due_date,
            priority=request.priority,
            source_type=request.source_type,
            source_id=request.source_id,
            owner=request.owner if getattr(request.owner, "is_authenticated", False) else None,
        )
        action.full_clean()
        action.save()
        return action, True

    def for_sources(self, source_type: str, source_ids: Iterable[str]) -> dict[str, Action]:
        return {
            a.source_id: a
            for a in Action.objects.filter(source_type=source_type, source_id__in=source_ids)
        }
