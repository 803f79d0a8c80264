"""Fixtures of the third-party tests: the demo group and a small hand-built register."""

from __future__ import annotations

from typing import Any

import pytest
from tests.factories import demo_loaded_once

from midora.core.models import LegalEntity


@pytest.fixture(scope="module")
def demo_group(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The demo CASP group at scale 1 on a fixed day, built once per test module."""
    with demo_loaded_once(django_db_blocker, today="2026-03-15") as summary:
        yield summary


@pytest.fixture
def demo(demo_group: Any, db: Any) -> dict[str, Any]:
    holding = LegalEntity.objects.get(name="Aurora Digital Holding S.A.")
    return {"ctx": demo_group.ctx, "holding": holding}
