"""Fixtures of the authorisation tests: the RTS 2025/305 catalogue and an applicant."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from midora.compliance.catalogue_loader import load_catalogue_files
from midora.compliance.engine.catalogue_files import CATALOGUE_DIR
from midora.compliance.evidence_store import store_bytes
from midora.compliance.models import Evidence, EvidenceVersion
from midora.core.choices import MicaStatus, OfferingStatus
from midora.core.models import ServiceOffering


@pytest.fixture
def rts305(db: Any) -> None:
    load_catalogue_files([CATALOGUE_DIR / "rts305.yaml"])


@pytest.fixture
def applicant(entity: Any, rts305: None) -> Any:
    """Alpha CASP applies for execution and transfer services (no custody, no platform)."""
    entity.mica_status = MicaStatus.APPLICANT
    entity.save()
    for service in ("execution", "transfer"):
        ServiceOffering.objects.create(
            entity=entity, service=service, status=OfferingStatus.PLANNED, member_states=["FR"]
        )
    return entity


@pytest.fixture
def evidence_for(tmp_path: Any, settings: Any) -> Any:
    settings.MIDORA_EVIDENCE_DIR = str(tmp_path / "evidence")

    def build(entity: Any, title: str = "Execution policy", versions: int = 1) -> Evidence:
        evidence = Evidence.objects.create(
            entity=entity,
            title=title,
            effective_from=dt.date.today() - dt.timedelta(days=10),
            review_interval_days=365,
        )
        for number in range(1, versions + 1):
            add_version(evidence, number)
        return evidence

    return build


def add_version(evidence: Evidence, number: int) -> EvidenceVersion:
    blob = store_bytes(f"{evidence.title} v{number}".encode())
    return EvidenceVersion.objects.create(
        evidence=evidence,
        number=number,
        sha256=blob.sha256,
        size=blob.size,
        original_name=f"doc-v{number}.pdf",
    )
