"""Fixtures of the third-party tests: the demo group and a small hand-built register."""

from __future__ import annotations

from typing import Any

import pytest
from tests.factories import demo_loaded_once
from tests.suppliers import builders

from midora.core.models import BusinessFunction, LegalEntity


@pytest.fixture(scope="module")
def demo_group(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The demo CASP group at scale 1 on a fixed day, built once per test module."""
    with demo_loaded_once(django_db_blocker, today="2026-03-15", seed=7) as summary:
        yield summary


@pytest.fixture
def demo(demo_group: Any, db: Any) -> dict[str, Any]:
    holding = LegalEntity.objects.get(name="Aurora Digital Holding S.A.")
    return {"ctx": demo_group.ctx, "holding": holding}


@pytest.fixture
def casp(entity: Any) -> Any:
    """A register of one entity whose only gap is a function never assessed (EBA rule e23682_e):
    a custody function and a support function (``casp.support``) on one arrangement."""
    builders.register_ready(entity)
    custody = builders.function(entity, "CUST")
    support = builders.function(entity, "CLSV", critical=False)
    builders.arrangement(
        "CA-100", entity, builders.provider("Nimbus Cloud"), [(custody, "S10"), (support, "S10")]
    )
    BusinessFunction.objects.filter(pk=support.pk).update(last_assessed=None)  # a finding
    entity.support = support
    return entity
