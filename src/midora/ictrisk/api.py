"""REST endpoints of ICT assets, risks (with their links and the heatmap) and risk acceptances."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema

from midora.core.api_crud import register_router
from midora.core.api_scope import readable
from midora.ictrisk.models import Risk
from midora.ictrisk.registers import acceptances, ict_assets, risks
from midora.ictrisk.services import heatmap


class HeatCellOut(Schema):
    likelihood: int
    impact: int
    score: int
    band: str
    count: int


class HeatmapOut(Schema):
    which: str
    matrix: str
    total: int
    outside_matrix: int
    cells: list[HeatCellOut]


router = Router()
router.add_router(
    "/assets",
    register_router(
        ict_assets,
        tag="ICT assets",
        ordering=("entity_id", "name", "pk"),
        links_summary="Set the functions, providers, arrangements and dependencies of an asset",
    ),
)
router.add_router(
    "/risks",
    register_router(
        risks,
        tag="ICT risks",
        ordering=("entity_id", "reference", "pk"),
        links_summary="Set the assets, functions, providers and controls of a risk",
    ),
)
router.add_router(
    "/acceptances",
    register_router(acceptances, tag="Risk acceptances", ordering=("valid_until", "id")),
)


@router.get(
    "/heatmap",
    response=HeatmapOut,
    tags=["ICT risks"],
    summary="Risk counts per likelihood x impact cell (inherent or residual)",
    operation_id="risk_heatmap",
)
def risk_heatmap(request: HttpRequest, which: str = "residual", entity_id: int | None = None):
    risks = readable(request, Risk.objects.all(), entity_id)
    if which not in ("inherent", "residual"):
        raise ValidationError({"which": "Must be inherent or residual."})
    view = heatmap(risks, which)
    return {
        "which": which,
        "matrix": view.matrix.name,
        "total": view.total,
        "outside_matrix": view.outside,
        "cells": [
            {
                "likelihood": cell.likelihood,
                "impact": cell.impact,
                "score": cell.score,
                "band": cell.band.name,
                "count": count,
            }
            for row in view.rows
            for cell, count in row
        ],
    }
