"""A register import is audited in full: afterwards every record equals its audited state, and
importing the same package again writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from midora.cli import main
from midora.core.audit_rows import check_rows
from midora.core.models import AuditEvent, LegalEntity
from midora.suppliers.roi.export import export_package
from midora.suppliers.roi_rows import build_register

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_importing_a_package_leaves_every_record_equal_to_its_trail(demo, tmp_path, capsys):
    entity = LegalEntity.objects.get(lei=demo["holding"].lei)
    built = build_register(entity, dt.date(2025, 12, 31), "CON")
    package = tmp_path / f"{export_package(built.register, built.params, tmp_path)}.zip"
    assert [d.describe() for d in check_rows()] == []

    assert main(["roi", "import", str(package)]) == 0

    assert [d.describe() for d in check_rows()] == []
    capsys.readouterr()
    assert main(["audit", "verify"]) == 0
    assert "every tracked record equals its audited state" in capsys.readouterr().out

    events = AuditEvent.objects.count()
    assert main(["roi", "import", str(package)]) == 0
    changed = AuditEvent.objects.filter(sequence__gt=events).exclude(
        record_type__in=[
            "suppliers.ictserviceuse",
            "suppliers.serviceassessment",
            "suppliers.subcontractor",
        ]
    )
    assert list(changed.values_list("record_type", "record_id", "changes")) == []
    assert [d.describe() for d in check_rows()] == []
