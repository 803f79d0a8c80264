"""Control detail: its MiCA and its DORA mappings side by side, and the evidence behind it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from midora.compliance.engine.freshness import control_evidence_state
from midora.compliance.models import Regime
from midora.core import permissions
from midora.core.views.area import AreaDetailView


class ControlDetailView(AreaDetailView):
    template_name = "compliance/control_detail.html"

    def context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        context = super().context(request, **extra)
        control = extra.get("object")
        if control is None:
            return context
        mappings = list(control.mappings.select_related("requirement__framework"))
        links = list(
            permissions.scope(
                request.user, control.evidence_links.select_related("evidence__entity")
            )
        )
        today = timezone.localdate()
        evidence = [(link, link.evidence.state(today)) for link in links]
        context.update(
            mica=[m for m in mappings if m.requirement.framework.regime == Regime.MICA],
            dora=[m for m in mappings if m.requirement.framework.regime == Regime.DORA],
            evidence_rows=evidence,
            control_state=control_evidence_state(
                [link.evidence.as_item(control.code) for link in links], today
            ),
            entities=permissions.scope(request.user, control.entities.all()),
        )
        return context
