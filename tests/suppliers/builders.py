"""Hand-built third-party records for the database tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from midora.core.choices import Criticality
from midora.core.demo import make_lei
from midora.core.models import BusinessFunction, LegalEntity
from midora.suppliers import codes
from midora.suppliers.models import (
    ContractualArrangement,
    EntityRegisterData,
    ICTProvider,
    ICTServiceUse,
    ServiceAssessment,
    Subcontractor,
)

REF_DATE = dt.date(2025, 12, 31)
_numbers = iter(range(1, 10_000))


def register_ready(entity: LegalEntity) -> LegalEntity:
    """The entity facts the EBA rules require: competent authority (e23677_e), total assets
    (v8804_m)."""
    from midora.core.authority_profiles import load_profiles
    from midora.core.models import AuthorityProfile

    load_profiles()
    LegalEntity.objects.filter(pk=entity.pk).update(
        authority=AuthorityProfile.objects.get(code="FR-AMF")
    )
    entity.refresh_from_db()
    EntityRegisterData.objects.update_or_create(
        entity=entity, defaults={"total_assets": Decimal("48500000")}
    )
    return entity


def provider(name: str, country: str = "IE", **fields: Any) -> ICTProvider:
    number = next(_numbers)
    record = ICTProvider(
        name=name,
        identification_code=make_lei("5493", f"TST{number:09d}"),
        hq_country=f"eba_GA:{country}",
        annual_expense=Decimal("100000"),
        **fields,
    )
    record.full_clean()
    record.save()
    return record


def function(
    entity: LegalEntity, suffix: str, critical: bool = True, **fields: Any
) -> BusinessFunction:
    record = BusinessFunction(
        entity=entity,
        identifier=f"F-{entity.country}-{suffix}",
        name=f"Function {suffix}",
        criticality=Criticality.CRITICAL_OR_IMPORTANT if critical else Criticality.NOT_CRITICAL,
        criticality_rationale="Client assets depend on it." if critical else "",
        rto_hours=Decimal("4"),
        rpo_hours=Decimal("1"),
        last_assessed=dt.date(2025, 10, 1),
        **{"crypto_services": ["custody"], **fields},
    )
    record.save()
    return record


def arrangement(
    reference: str,
    entity: LegalEntity,
    supplier: ICTProvider,
    uses: list[tuple[BusinessFunction, str]] = (),
    substitutability: str = "eba_ZZ:x961",
    cost: str = "50000",
    **fields: Any,
) -> ContractualArrangement:
    record = ContractualArrangement(
        reference=reference,
        entity=entity,
        provider=supplier,
        start_date=dt.date(2024, 1, 1),
        notice_period_entity=90,
        notice_period_provider=180,
        governing_law=f"eba_GA:{entity.country}",
        annual_cost=Decimal(cost),
        **fields,
    )
    record.full_clean()
    record.save()
    for fn, service in uses:
        ICTServiceUse.objects.create(
            arrangement=record,
            function=fn,
            service_type=f"eba_TA:{service}",
            provision_country=supplier.hq_country,
            stores_data=codes.YES,
            storage_location=supplier.hq_country,
            processing_location=supplier.hq_country,
            data_sensitivity="eba_ZZ:x793",
            reliance_level="eba_ZZ:x797",
        )
    for service in sorted({s for _f, s in uses}):
        ServiceAssessment.objects.create(
            arrangement=record,
            service_type=f"eba_TA:{service}",
            substitutability=substitutability,
            exit_plan=codes.YES,
            reintegration="eba_ZZ:x966",
            discontinuation_impact="eba_ZZ:x793",
            alternatives_identified=codes.YES,
            last_audit=dt.date(2025, 6, 30),
        )
    return record


def subcontract(
    record: ContractualArrangement,
    sub: ICTProvider,
    recipient: ICTProvider,
    service: str,
    rank: int = 2,
) -> Subcontractor:
    return Subcontractor.objects.create(
        arrangement=record,
        service_type=f"eba_TA:{service}",
        provider=sub,
        rank=rank,
        recipient=recipient,
    )
