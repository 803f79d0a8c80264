"""REST endpoints of the core records: legal entities, crypto-asset services, business functions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, FilterLookup, FilterSchema, Router, Schema

from midora.core.api_audit import router as audit_router
from midora.core.api_crud import crud_router
from midora.core.choices import Criticality, CryptoService, MicaStatus, OfferingStatus
from midora.core.models import BusinessFunction, LegalEntity, ServiceOffering


class LegalEntityIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    lei: str = Field(..., description="ISO 17442 LEI, check digits verified")
    country: str = Field(..., description="ISO 3166-1 alpha-2")
    entity_type: str = "eba_CT:x303"
    authority_id: int | None = Field(None, description="Competent authority profile id")
    parent_id: int | None = None
    mica_status: MicaStatus = MicaStatus.APPLICANT
    dora_in_scope: bool = True
    is_microenterprise: bool = False
    tlpt_designated: bool = False
    time_zone: str = "Europe/Brussels"


class LegalEntityPatch(Schema):
    version: int
    name: str | None = Field(None, min_length=1, max_length=200)
    lei: str | None = None
    country: str | None = None
    entity_type: str | None = None
    authority_id: int | None = None
    parent_id: int | None = None
    mica_status: MicaStatus | None = None
    dora_in_scope: bool | None = None
    is_microenterprise: bool | None = None
    tlpt_designated: bool | None = None
    time_zone: str | None = None


class LegalEntityOut(Schema):
    id: int
    version: int
    name: str
    lei: str
    country: str
    entity_type: str
    authority_id: int | None
    reporting_currency: str
    parent_id: int | None
    mica_status: str
    dora_in_scope: bool
    is_microenterprise: bool
    tlpt_designated: bool
    time_zone: str
    updated_at: dt.datetime


class LegalEntityFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(["name__icontains", "lei__icontains"])] = None
    country: str | None = None
    mica_status: MicaStatus | None = None
    dora_in_scope: bool | None = None


class ServiceOfferingIn(Schema):
    entity_id: int
    service: CryptoService
    member_states: list[str] = []
    status: OfferingStatus = OfferingStatus.ACTIVE
    notes: str = ""


class ServiceOfferingPatch(Schema):
    version: int
    service: CryptoService | None = None
    member_states: list[str] | None = None
    status: OfferingStatus | None = None
    notes: str | None = None


class ServiceOfferingOut(Schema):
    id: int
    version: int
    entity_id: int
    service: str
    member_states: list[str]
    status: str
    notes: str


class ServiceOfferingFilter(FilterSchema):
    entity_id: int | None = None
    service: CryptoService | None = None
    status: OfferingStatus | None = None


class BusinessFunctionIn(Schema):
    entity_id: int
    identifier: str = Field(..., min_length=1, max_length=40)
    name: str = Field(..., min_length=1, max_length=200)
    criticality: Criticality = Criticality.NOT_CRITICAL
    criticality_rationale: str = ""
    rto_hours: Decimal | None = Field(None, ge=0, max_digits=8, decimal_places=2)
    rpo_hours: Decimal | None = Field(None, ge=0, max_digits=8, decimal_places=2)
    crypto_services: list[CryptoService] = []
    last_assessed: dt.date | None = None


class BusinessFunctionPatch(Schema):
    version: int
    identifier: str | None = Field(None, min_length=1, max_length=40)
    name: str | None = Field(None, min_length=1, max_length=200)
    criticality: Criticality | None = None
    criticality_rationale: str | None = None
    rto_hours: Decimal | None = Field(None, ge=0, max_digits=8, decimal_places=2)
    rpo_hours: Decimal | None = Field(None, ge=0, max_digits=8, decimal_places=2)
    crypto_services: list[CryptoService] | None = None
    last_assessed: dt.date | None = None


class BusinessFunctionOut(Schema):
    id: int
    version: int
    entity_id: int
    identifier: str
    name: str
    criticality: str
    criticality_rationale: str
    rto_hours: Decimal | None
    rpo_hours: Decimal | None
    crypto_services: list[str]
    last_assessed: dt.date | None


class BusinessFunctionFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(["identifier__icontains", "name__icontains"])] = None
    entity_id: int | None = None
    criticality: Criticality | None = None


router = Router()
router.add_router(
    "/entities",
    crud_router(
        model=LegalEntity,
        out_schema=LegalEntityOut,
        in_schema=LegalEntityIn,
        patch_schema=LegalEntityPatch,
        filter_schema=LegalEntityFilter,
        tag="Legal entities",
        ordering=("name",),
    ),
)
router.add_router(
    "/services",
    crud_router(
        model=ServiceOffering,
        out_schema=ServiceOfferingOut,
        in_schema=ServiceOfferingIn,
        patch_schema=ServiceOfferingPatch,
        filter_schema=ServiceOfferingFilter,
        tag="Crypto-asset services",
        ordering=("entity_id", "service"),
    ),
)
router.add_router(
    "/functions",
    crud_router(
        model=BusinessFunction,
        out_schema=BusinessFunctionOut,
        in_schema=BusinessFunctionIn,
        patch_schema=BusinessFunctionPatch,
        filter_schema=BusinessFunctionFilter,
        tag="Business functions",
        ordering=("entity_id", "identifier"),
    ),
)
router.add_router("/audit", audit_router)
