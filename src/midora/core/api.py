"""REST endpoints of the core records: legal entities, crypto-asset services, business functions."""

from __future__ import annotations

from ninja import Router

from midora.core.api_audit import router as audit_router
from midora.core.api_crud import register_router
from midora.core.registers import business_functions, legal_entities, service_offerings

router = Router()
router.add_router(
    "/entities", register_router(legal_entities, tag="Legal entities", ordering=("name", "pk"))
)
router.add_router(
    "/services",
    register_router(
        service_offerings, tag="Crypto-asset services", ordering=("entity_id", "service", "pk")
    ),
)
router.add_router(
    "/functions",
    register_router(
        business_functions, tag="Business functions", ordering=("entity_id", "identifier", "pk")
    ),
)
router.add_router("/audit", audit_router)
