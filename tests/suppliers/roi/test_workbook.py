"""Review workbook round trip."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from roi_sample import valid_register

from midora.suppliers.roi.export import formatted_rows
from midora.suppliers.roi.spec import templates
from midora.suppliers.roi.workbook import WorkbookError, read_workbook, write_workbook


def _book(register: dict) -> io.BytesIO:
    buffer = io.BytesIO()
    write_workbook(register, buffer)
    buffer.seek(0)
    return buffer


def test_workbook_round_trip_keeps_every_value() -> None:
    register = valid_register()
    back = read_workbook(_book(register))
    assert set(back) == set(register)
    for code, rows in register.items():
        spec = templates()[code]
        assert formatted_rows(spec, back[code]) == formatted_rows(spec, rows), code


def test_workbook_has_codes_and_labels() -> None:
    book = load_workbook(_book(valid_register()), read_only=True)
    sheet = book["B_05.01"]
    first, second = list(sheet.iter_rows(max_row=2, values_only=True))
    assert first[0] == "c0010"
    assert second[0] == "Identification code of ICT third-party service provider"


def test_bad_workbook_cell_is_located() -> None:
    buffer = _book(valid_register())
    book = load_workbook(buffer)
    book["B_06.01"]["H3"] = "four hours"
    edited = io.BytesIO()
    book.save(edited)
    edited.seek(0)
    with pytest.raises(WorkbookError, match=r"sheet B_06\.01 row 3 c0080"):
        read_workbook(edited)
