"""A register's Excel export works as a register: every field of the record, typed cells,
the header row frozen and filters on every column."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from midora.core.models import BusinessFunction

pytestmark = pytest.mark.django_db


def test_excel_export_has_every_field_typed_frozen_and_filtered(
    entity, compliance_user, client_for
):
    BusinessFunction.objects.create(
        entity=entity,
        identifier="F-1",
        name="Custody",
        criticality="critical",
        criticality_rationale="Clients' assets depend on it.",
        rto_hours=Decimal("4"),
    )
    response = client_for(compliance_user).get("/functions/?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, row = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:") and sheet.auto_filter.ref.endswith("2")
    # beyond the list's columns: the rationale and the recovery objective, RTO as a number
    assert "Criticality rationale" in header
    assert row["Criticality rationale"] == "Clients' assets depend on it."
    rto = next(h for h in header if h.startswith("RTO"))
    assert isinstance(row[rto], int | float) and row[rto] == 4
    assert row["Criticality"] == "Critical or important"
    assert not any(isinstance(v, str) and v.startswith("=") for v in rows[1])
    assert all(not isinstance(v, dt.datetime) or v.tzinfo is None for v in rows[1])
