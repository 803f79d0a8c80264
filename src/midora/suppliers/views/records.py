"""Register pages of the third-party records, with the area's sub-navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from midora.core.views.area import AreaDetailView
from midora.suppliers import codes
from midora.suppliers.engine.clauses import ClauseFinding, ClauseReview, clause_gaps
from midora.suppliers.gap_view import supports_cif_ids

FINDING_BADGE = {
    ClauseFinding.PRESENT: "ok",
    ClauseFinding.PARTIAL: "warn",
    ClauseFinding.MISSING: "bad",
    ClauseFinding.NOT_REVIEWED: "",
}


class ArrangementDetailView(AreaDetailView):
    """An arrangement with its services, functions, supply chain, assessments and Art. 30 checklist."""

    template_name = "suppliers/arrangement_detail.html"

    def get(self, request: HttpRequest, pk: int):
        self.request = request
        return super().get(request, pk)

    def context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        context = super().context(request, **extra)
        arrangement = extra.get("object")
        if arrangement is None:
            return context
        uses = arrangement.service_uses.select_related("function", "function__entity")
        chain = arrangement.supply_chain.select_related("provider", "recipient").order_by(
            "service_type", "rank", "provider__name"
        )
        records = list(arrangement.clause_reviews.select_related("reviewer"))
        latest: dict[str, Any] = {}
        for record in sorted(records, key=lambda r: r.reviewed_on):
            latest[record.clause_key] = record
        cif = arrangement.pk in supports_cif_ids([arrangement.pk])
        gaps = clause_gaps(
            [ClauseReview(r.clause_key, r.finding, r.reviewed_on, r.note) for r in records], cif
        )
        checklist = [(gap, latest.get(gap.clause.key), FINDING_BADGE[gap.finding]) for gap in gaps]
        context.update(
            uses=uses,
            assessments=arrangement.assessments.all(),
            chain=chain,
            checklist=checklist,
            supports_cif=cif,
            exit_plans=arrangement.exit_plans.all(),
            using=arrangement.using_entities.all(),
            linked=arrangement.linked_arrangements.all(),
            service_label=dict(codes.service_types()),
            location_label=dict(codes.locations()),
            gap_count=sum(1 for g in gaps if g.is_gap),
        )
        return context
