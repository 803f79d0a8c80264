"""The crosswalk page and its Excel export."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from midora.compliance.crosswalk import REGIMES, build_crosswalk, visible_records
from midora.compliance.crosswalk_export import crosswalk_workbook
from midora.compliance.engine.catalogue_files import AREAS
from midora.compliance.models import Regime
from midora.compliance.views.common import entity_param
from midora.core import permissions
from midora.core.exports import download
from midora.core.models import LegalEntity

ROWS_PER_PAGE = 40  # requirements per regime, or controls, a page; the Excel export holds all


def _params(request: HttpRequest) -> tuple[list[str], str, int | None]:
    regime = request.GET.get("regime", "")
    regimes = [regime] if regime in Regime.values else list(REGIMES)
    area = request.GET.get("area", "")
    return regimes, area if area in AREAS else "", entity_param(request)


@permissions.register_readers_only
def crosswalk_page(request: HttpRequest) -> HttpResponse:
    regimes, area, entity_id = _params(request)
    controls, evidence = visible_records(request.user, entity_id)
    crosswalk = build_crosswalk(controls, evidence, timezone.localdate(), regimes, area)
    if request.GET.get("export") == "xlsx":
        entity = LegalEntity.objects.filter(pk=entity_id).first() if entity_id else None
        content = crosswalk_workbook(
            crosswalk,
            {
                "Regime": ", ".join(regimes),
                "Area": area,
                "Entity": entity.name if entity else "",
            },
        )
        return download(content, f"midora-crosswalk-{timezone.localdate().isoformat()}.xlsx")
    view = request.GET.get("view", "requirements")
    sections = [
        {
            "regime": regime,
            "label": Regime(regime).label,
            "rows": crosswalk.requirements[regime],
            "page": Paginator(crosswalk.requirements[regime], ROWS_PER_PAGE).get_page(
                request.GET.get("page")
            ),
            "counts": crosswalk.counts(regime),
            "no_evidence": crosswalk.no_evidence(regime),
            "evidence": crosswalk.evidence_by_regime.get(regime, 0),
        }
        for regime in regimes
    ]
    return render(
        request,
        "compliance/crosswalk.html",
        {
            "crosswalk": crosswalk,
            "sections": sections,
            "controls": Paginator(crosswalk.controls, ROWS_PER_PAGE).get_page(
                request.GET.get("page")
            ),
            "longest": max((s["page"] for s in sections), key=lambda p: p.paginator.num_pages)
            if sections
            else None,
            "view": view if view in {"requirements", "controls"} else "requirements",
            "regime": request.GET.get("regime", ""),
            "area": area,
            "entity_id": entity_id,
            "areas": AREAS,
            "regimes": Regime.choices,
            "entities": permissions.scope(request.user, LegalEntity.objects.all()).order_by("name"),
        },
    )
