"""Excel import of the register: all or nothing, every row-level error listed; export round trip."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from midora.compliance.models import Control
from midora.core.choices import Role
from midora.ictrisk.excel import COLUMNS, import_risks
from midora.ictrisk.models import Risk
from tests.factories import make_user
from tests.ictrisk.builders import make_asset, make_risk

pytestmark = pytest.mark.django_db


def workbook(rows: list[dict], header: tuple[str, ...] = COLUMNS) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(column) for column in header])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def good_row(entity, reference: str, **fields) -> dict:
    return {
        "entity_lei": entity.lei,
        "reference": reference,
        "title": f"Scenario {reference}",
        "threat": "Phishing of an operator with wallet access",
        "inherent_likelihood": 4,
        "inherent_impact": 5,
        "residual_likelihood": 2,
        "residual_impact": 4,
        "treatment": "mitigate",
        **fields,
    }


def test_import_creates_risks_with_links(entity, compliance_user):
    make_asset(entity, "Hot wallet")
    control = Control.objects.create(code="CTL-01", title="MFA")
    control.entities.add(entity)
    source = workbook(
        [
            good_row(
                entity, "R-1", assets="Hot wallet", controls="CTL-01", next_review="2027-01-31"
            ),
            good_row(entity, "R-2", crypto_services="custody; transfer"),
        ]
    )
    result = import_risks(source, compliance_user)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (2, 0)
    first = Risk.objects.get(reference="R-1")
    assert [a.name for a in first.assets.all()] == ["Hot wallet"]
    assert [c.code for c in first.controls.all()] == ["CTL-01"]
    assert first.next_review.isoformat() == "2027-01-31"
    assert Risk.objects.get(reference="R-2").crypto_services == ["custody", "transfer"]


def test_one_bad_row_refuses_the_whole_import_and_every_error_is_listed(entity, compliance_user):
    rows = [
        good_row(entity, "R-1"),
        good_row(entity, "R-2", inherent_likelihood=7, treatment="ignore"),
        good_row(entity, "R-3", assets="No such asset", next_review="31/01/2027"),
        good_row(entity, "R-1"),
        good_row(entity, "", title="", entity_lei="XXXXXXXXXXXXXXXXXXXX"),
    ]
    result = import_risks(workbook(rows), compliance_user)
    assert not result.ok
    assert Risk.objects.count() == 0
    found = {(e.row, e.column) for e in result.errors}
    assert {
        (3, "inherent_likelihood"),
        (3, "treatment"),
        (4, "assets"),
        (4, "next_review"),
        (5, "reference"),
        (6, "entity_lei"),
        (6, "reference"),
        (6, "title"),
    } <= found
    by_cell = {(e.row, e.column): e.reason for e in result.errors}
    assert "1 to 5" in by_cell[(3, "inherent_likelihood")]
    assert "repeats row 2" in by_cell[(5, "reference")]


def test_unknown_or_missing_columns_are_refused(entity, compliance_user):
    header = (*tuple(c for c in COLUMNS if c != "threat"), "colour")
    result = import_risks(workbook([good_row(entity, "R-1")], header), compliance_user)
    assert {(e.column, e.reason.split(" (")[0]) for e in result.errors} == {
        ("colour", "unknown column"),
        ("threat", "required column is missing"),
    }


def test_import_refuses_entities_outside_the_users_scope(entity, other_entity):
    officer = make_user("officer", Role.COMPLIANCE_MANAGER, [entity])
    result = import_risks(workbook([good_row(other_entity, "R-1")]), officer)
    assert [(e.row, e.column) for e in result.errors] == [(2, "entity_lei")]
    assert Risk.objects.count() == 0


def test_export_imports_back_and_updates(entity, compliance_user, client_for):
    make_asset(entity, "Cold wallet")
    risk = make_risk(entity, reference="R-7", title="Seed loss")
    risk.assets.add(*entity.ict_assets.all())
    response = client_for(compliance_user).get("/ict-risk/risks/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert rows[1][:3] == (entity.lei, "R-7", "Seed loss")
    assert rows[1][COLUMNS.index("assets")] == "Cold wallet"
    assert rows[1][COLUMNS.index("threat")] == risk.threat
    assert isinstance(rows[1][COLUMNS.index("inherent_likelihood")], int)  # a number, not text
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:T{len(rows)}"
    book = load_workbook(io.BytesIO(response.content))
    book.active.cell(row=2, column=COLUMNS.index("title") + 1, value="Seed phrase loss")
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    result = import_risks(buffer, compliance_user)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 1)
    assert Risk.objects.get(pk=risk.pk).title == "Seed phrase loss"


def test_import_page_lists_errors(entity, compliance_user, client_for):
    source = workbook([good_row(entity, "R-1", residual_impact="high")])
    source.name = "risks.xlsx"
    page = client_for(compliance_user).post("/ict-risk/risks/import/", {"file": source})
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="import-errors"' in text and "residual_impact" in text
    assert Risk.objects.count() == 0
