"""REST endpoints of ICT assets, risks (with their links and the heatmap) and risk acceptances."""

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, FilterLookup, FilterSchema, Router, Schema

from midora.core import permissions
from midora.core.api_crud import ErrorOut, crud_router
from midora.core.api_links import Link, editable_or_404
from midora.core.api_links import set_links as core_set_links
from midora.core.choices import CryptoService
from midora.ictrisk.choices import AcceptanceAuthority, AssetType, Treatment
from midora.ictrisk.models import ICTAsset, Risk, RiskAcceptance
from midora.ictrisk.services import heatmap


def _ids(manager: Any) -> list[int]:
    """The linked ids, read from the prefetched records when the list endpoint prefetched them."""
    return sorted(linked.pk for linked in manager.all())


ASSET_LINKS = ("functions", "providers", "arrangements", "depends_on")
RISK_LINKS = ("assets", "functions", "providers", "controls")


class AssetIn(Schema):
    entity_id: int
    name: str = Field(..., min_length=1, max_length=200)
    asset_type: AssetType = AssetType.APPLICATION
    description: str = ""
    confidentiality: int = Field(2, ge=1, le=4)
    integrity: int = Field(2, ge=1, le=4)
    availability: int = Field(2, ge=1, le=4)
    crypto_services: list[CryptoService] = []
    location: str = ""


class AssetPatch(Schema):
    version: int
    name: str | None = Field(None, min_length=1, max_length=200)
    asset_type: AssetType | None = None
    description: str | None = None
    confidentiality: int | None = Field(None, ge=1, le=4)
    integrity: int | None = Field(None, ge=1, le=4)
    availability: int | None = Field(None, ge=1, le=4)
    crypto_services: list[CryptoService] | None = None
    location: str | None = None


class AssetOut(Schema):
    id: int
    version: int
    entity_id: int
    name: str
    asset_type: str
    description: str
    confidentiality: int
    integrity: int
    availability: int
    crypto_services: list[str]
    location: str
    function_ids: list[int]
    provider_ids: list[int]
    arrangement_ids: list[int]
    depends_on_ids: list[int]
    supports_critical_functions: bool

    @staticmethod
    def resolve_function_ids(obj: ICTAsset) -> list[int]:
        return _ids(obj.functions)

    @staticmethod
    def resolve_provider_ids(obj: ICTAsset) -> list[int]:
        return _ids(obj.providers)

    @staticmethod
    def resolve_arrangement_ids(obj: ICTAsset) -> list[int]:
        return _ids(obj.arrangements)

    @staticmethod
    def resolve_depends_on_ids(obj: ICTAsset) -> list[int]:
        return _ids(obj.depends_on)


class AssetFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(["name__icontains", "description__icontains"])] = None
    entity_id: int | None = None
    asset_type: AssetType | None = None


class RiskIn(Schema):
    entity_id: int
    reference: str = Field(..., min_length=1, max_length=30)
    title: str = Field(..., min_length=1, max_length=200)
    threat: str = Field(..., min_length=1)
    vulnerability: str = ""
    consequence: str = ""
    crypto_services: list[CryptoService] = []
    inherent_likelihood: int = Field(..., ge=1)
    inherent_impact: int = Field(..., ge=1)
    residual_likelihood: int = Field(..., ge=1)
    residual_impact: int = Field(..., ge=1)
    treatment: Treatment = Treatment.MITIGATE
    treatment_plan: str = ""
    next_review: dt.date | None = None
    last_reviewed: dt.date | None = None


class RiskPatch(Schema):
    version: int
    reference: str | None = Field(None, min_length=1, max_length=30)
    title: str | None = Field(None, min_length=1, max_length=200)
    threat: str | None = Field(None, min_length=1)
    vulnerability: str | None = None
    consequence: str | None = None
    crypto_services: list[CryptoService] | None = None
    inherent_likelihood: int | None = Field(None, ge=1)
    inherent_impact: int | None = Field(None, ge=1)
    residual_likelihood: int | None = Field(None, ge=1)
    residual_impact: int | None = Field(None, ge=1)
    treatment: Treatment | None = None
    treatment_plan: str | None = None
    next_review: dt.date | None = None
    last_reviewed: dt.date | None = None


class Rating(Schema):
    likelihood: int
    impact: int
    score: int | None
    band: str | None
    within_appetite: bool | None


class WarningOut(Schema):
    code: str
    message: str


class RiskOut(Schema):
    id: int
    version: int
    entity_id: int
    reference: str
    title: str
    threat: str
    vulnerability: str
    consequence: str
    crypto_services: list[str]
    inherent_likelihood: int  # the ratings as written (what POST and PATCH take) ...
    inherent_impact: int
    residual_likelihood: int
    residual_impact: int
    inherent: Rating  # ... and as rated: score, band, within appetite
    residual: Rating
    warnings: list[WarningOut]
    treatment: str
    treatment_in_force: str
    acceptance_expired: bool
    treatment_plan: str
    next_review: dt.date | None
    last_reviewed: dt.date | None
    review_overdue: bool
    asset_ids: list[int]
    function_ids: list[int]
    provider_ids: list[int]
    control_ids: list[int]

    @staticmethod
    def _rating(obj: Risk, which: str) -> dict[str, Any]:
        score = getattr(obj, which)
        return {
            "likelihood": getattr(obj, f"{which}_likelihood"),
            "impact": getattr(obj, f"{which}_impact"),
            "score": score.score if score else None,
            "band": score.band.name if score else None,
            "within_appetite": score.within_appetite if score else None,
        }

    @staticmethod
    def resolve_inherent(obj: Risk) -> dict[str, Any]:
        return RiskOut._rating(obj, "inherent")

    @staticmethod
    def resolve_residual(obj: Risk) -> dict[str, Any]:
        return RiskOut._rating(obj, "residual")

    @staticmethod
    def resolve_warnings(obj: Risk) -> list[dict[str, str]]:
        return [{"code": w.code, "message": w.message} for w in obj.warnings]

    @staticmethod
    def resolve_treatment_in_force(obj: Risk) -> str:
        return obj.effective().treatment.value

    @staticmethod
    def resolve_acceptance_expired(obj: Risk) -> bool:
        return obj.effective().back_in_treatment

    @staticmethod
    def resolve_asset_ids(obj: Risk) -> list[int]:
        return _ids(obj.assets)

    @staticmethod
    def resolve_function_ids(obj: Risk) -> list[int]:
        return _ids(obj.functions)

    @staticmethod
    def resolve_provider_ids(obj: Risk) -> list[int]:
        return _ids(obj.providers)

    @staticmethod
    def resolve_control_ids(obj: Risk) -> list[int]:
        return _ids(obj.controls)


class RiskFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(["reference__icontains", "title__icontains"])] = None
    entity_id: int | None = None
    treatment: Treatment | None = None
    inherent_likelihood: int | None = None
    inherent_impact: int | None = None
    residual_likelihood: int | None = None
    residual_impact: int | None = None


class AcceptanceIn(Schema):
    risk_id: int
    accepted_by: str = Field(..., min_length=1, max_length=200)
    authority: AcceptanceAuthority = AcceptanceAuthority.MANAGEMENT_BODY
    accepted_rating: str = ""
    valid_from: dt.date
    valid_until: dt.date
    reason: str = Field(..., min_length=1)
    approved: bool = True
    last_reviewed: dt.date | None = None
    decision_id: int | None = None


class AcceptancePatch(Schema):
    version: int
    accepted_by: str | None = Field(None, min_length=1, max_length=200)
    authority: AcceptanceAuthority | None = None
    accepted_rating: str | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    reason: str | None = Field(None, min_length=1)
    approved: bool | None = None
    last_reviewed: dt.date | None = None
    decision_id: int | None = None


class AcceptanceOut(Schema):
    id: int
    version: int
    risk_id: int
    accepted_by: str
    authority: str
    accepted_rating: str
    valid_from: dt.date
    valid_until: dt.date
    reason: str
    approved: bool
    last_reviewed: dt.date | None
    decision_id: int | None
    state: str
    review_due: bool

    @staticmethod
    def resolve_state(obj: RiskAcceptance) -> str:
        return obj.state().value


class AcceptanceFilter(FilterSchema):
    risk_id: int | None = None
    approved: bool | None = None


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


LINKS = {
    "asset_ids": Link("assets"),
    "function_ids": Link("functions"),
    "provider_ids": Link("providers", same_entity=False),
    "control_ids": Link("controls", same_entity=False),
    "arrangement_ids": Link("arrangements"),
    "depends_on_ids": Link("depends_on"),
}


def set_links(request: HttpRequest, obj: Any, payload: LinksIn, allowed: set[str]) -> None:
    """Replace the links named in the payload that this kind of record has."""
    links = {key: LINKS[key] for key in allowed}
    core_set_links(request, obj, payload.dict(exclude_unset=True), links)


router = Router()
router.add_router(
    "/assets",
    crud_router(
        model=ICTAsset,
        out_schema=AssetOut,
        in_schema=AssetIn,
        patch_schema=AssetPatch,
        filter_schema=AssetFilter,
        tag="ICT assets",
        ordering=("entity_id", "name"),
        prefetch_related=ASSET_LINKS,
    ),
)
router.add_router(
    "/risks",
    crud_router(
        model=Risk,
        out_schema=RiskOut,
        in_schema=RiskIn,
        patch_schema=RiskPatch,
        filter_schema=RiskFilter,
        tag="ICT risks",
        ordering=("entity_id", "reference"),
        prefetch_related=RISK_LINKS,
    ),
)
router.add_router(
    "/acceptances",
    crud_router(
        model=RiskAcceptance,
        out_schema=AcceptanceOut,
        in_schema=AcceptanceIn,
        patch_schema=AcceptancePatch,
        filter_schema=AcceptanceFilter,
        tag="Risk acceptances",
        ordering=("valid_until", "id"),
    ),
)


@router.put(
    "/risks/{int:pk}/links",
    response={200: RiskOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    tags=["ICT risks"],
    summary="Set the assets, functions, providers and controls of a risk",
    operation_id="risk_links",
)
def risk_links(request: HttpRequest, pk: int, payload: LinksIn) -> Risk:
    risk = editable_or_404(request, Risk, pk)
    set_links(request, risk, payload, {"asset_ids", "function_ids", "provider_ids", "control_ids"})
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
    if payload.depends_on_ids and pk in payload.depends_on_ids:
        raise ValidationError({"depends_on_ids": "An asset cannot depend on itself."})
    set_links(
        request,
        asset,
        payload,
        {"function_ids", "provider_ids", "arrangement_ids", "depends_on_ids"},
    )
    return asset


@router.get(
    "/heatmap",
    response=HeatmapOut,
    tags=["ICT risks"],
    summary="Risk counts per likelihood x impact cell (inherent or residual)",
    operation_id="risk_heatmap",
)
def risk_heatmap(request: HttpRequest, which: str = "residual", entity_id: int | None = None):
    permissions.require(
        permissions.can_read_registers(request.user), "Your role cannot read registers."
    )
    if which not in ("inherent", "residual"):
        raise ValidationError({"which": "Must be inherent or residual."})
    risks = permissions.scope(request.user, Risk.objects.all())
    if entity_id is not None:
        risks = risks.filter(entity_id=entity_id)
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
