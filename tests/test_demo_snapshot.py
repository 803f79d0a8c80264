"""The demo restored from its first load's rows is the demo that load left: every table holds the
same rows, the evidence files are there, and the summary names records that exist."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.demo_snapshot import _rows, _tables, load_demo_once

pytestmark = pytest.mark.django_db


def _database() -> dict[str, tuple]:
    return {table: _rows(table) for table in _tables()}


def _loaded(seed: int) -> tuple[dict[str, tuple], object]:
    with transaction.atomic():
        summary = load_demo_once(seed=seed, password="a-long-test-password", today="2026-03-15")
        held = _database()
        transaction.set_rollback(True)
    return held, summary


def test_a_restored_demo_holds_what_its_first_load_left(settings, tmp_path):
    from midora.compliance.evidence_store import blob_path
    from midora.compliance.models import EvidenceVersion
    from midora.core.models import LegalEntity

    empty = _database()
    first, first_summary = _loaded(seed=11)
    assert _database() == empty
    settings.MIDORA_EVIDENCE_DIR = tmp_path / "elsewhere"
    with transaction.atomic():
        summary = load_demo_once(seed=11, password="a-long-test-password", today="2026-03-15")
        assert _database() == first
        assert summary.ctx.counts == first_summary.ctx.counts
        assert summary.ctx.refs is not first_summary.ctx.refs
        entities = {entity.pk for entity in summary.ctx.refs["entities"].values()}
        assert entities
        assert LegalEntity.objects.filter(pk__in=entities).count() == len(entities)
        digests = set(EvidenceVersion.objects.values_list("sha256", flat=True))
        assert digests
        for digest in digests:
            assert blob_path(digest).is_relative_to(tmp_path / "elsewhere")
            assert blob_path(digest).exists(), digest
        transaction.set_rollback(True)
    assert _database() == empty
