"""REST endpoints of ICT assets, risks (with their links and the heatmap) and risk acceptances."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema

from midora.core.api_crud import ErrorOut, register_router
from midora.core.api_links import editable_or_404, set_links
from midora.core.api_schemas import register_links
from midora.core.api_scope import readable
from midora.ictrisk.models import ICTAsset, Risk
from midora.ictrisk.registers import acceptances, ict_assets, risks
from midora.ictrisk.services import heatmap


class LinksIn(Schema):
    """The full set of links (an omitted list is left as it is)."""

    asset_ids: list[int] | None = None
    function_ids: list[int] | None = None
    provider_ids: list[int] | None = None
    control_ids: list[int] | None = None
    arrangement_ids: list[int] | None = None
    depends_on_ids: list[int] | None = None


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
    "/assets", register_router(ict_assets, tag="ICT assets", ordering=("entity_id", "name", "pk"))
)
router.add_router(
    "/risks", register_router(risks, tag="ICT risks", ordering=("entity_id", "reference", "pk"))
)
router.add_router(
    "/acceptances",
    register_router(acceptances, tag="Risk acceptances", ordering=("valid_until", "id")),
)
AssetOut = ict_assets.api_schemas.output
RiskOut = risks.api_schemas.output


@router.put(
    "/risks/{int:pk}/links",
    response={200: RiskOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    tags=["ICT risks"],
    summary="Set the assets, functions, providers and controls of a risk",
    operation_id="risk_links",
)
def risk_links(request: HttpRequest, pk: int, payload: LinksIn) -> Risk:
    risk = editable_or_404(request, Risk, pk)
    set_links(request, risk, payload.dict(exclude_unset=True), register_links(risks))
    return risk


@router.put(
    "/assets/{int:pk}/links",
    response={200: AssetOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    tags=["ICT assets"],
    summary="Set the functions, providers, arrangements and dependencies of an asset",
    operation_id="ictasset_links",
)
def asset_links(request: HttpRequest, pk: int, payload: LinksIn) -> ICTAsset:
    asset = editable_or_404(request, ICTAsset, pk)
    set_links(request, asset, payload.dict(exclude_unset=True), register_links(ict_assets))
    return asset


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
