"""Fixtures of the third-party tests: the demo group and a small hand-built register."""

from __future__ import annotations

from typing import Any

import pytest

from midora.core.models import LegalEntity


@pytest.fixture
def demo(db: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The demo CASP group at scale 1 on a fixed day."""
    from midora.core.demo_loader import load_demo

    monkeypatch.setenv("MIDORA_DEMO_TODAY", "2026-03-15")
    summary = load_demo(scale=1, seed=7, password="a-long-test-password")
    holding = LegalEntity.objects.get(name="Aurora Digital Holding S.A.")
    return {"ctx": summary.ctx, "holding": holding}
