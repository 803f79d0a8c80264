"""Export, read back and round trip of the RoI report package."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from roi_sample import CASP, params, valid_register

from midora.suppliers.roi.export import ExportError, export_package
from midora.suppliers.roi.package import parse_package_name
from midora.suppliers.roi.read import PackageReadError, read_package
from midora.suppliers.roi.validate import validate_package, validate_register

MOMENT = datetime(2026, 1, 15, 10, 30, 5, 42000)


def _export(register: dict, moment: datetime = MOMENT, level: str = "IND") -> io.BytesIO:
    buffer = io.BytesIO()
    export_package(register, params(level), buffer, moment=moment)
    buffer.seek(0)
    return buffer


def _contents(buffer: io.BytesIO) -> dict[str, bytes]:
    with zipfile.ZipFile(buffer) as archive:
        return {n.split("/", 1)[1]: archive.read(n) for n in archive.namelist()}


def test_valid_register_has_no_findings_in_memory_or_as_package() -> None:
    register = valid_register()
    assert validate_register(register, params()) == []
    assert validate_package(_export(register)) == []


def test_package_layout_name_and_report_files(tmp_path: Path) -> None:
    name = export_package(valid_register(), params("CON"), tmp_path, moment=MOMENT)
    assert str(name) == f"{CASP}.CON_FR_DORA010100_DORA_2025-12-31_20260115103005042"
    zip_path = tmp_path / f"{name}.zip"
    assert [p.name for p in tmp_path.iterdir()] == [zip_path.name]
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        assert {n.split("/")[0] for n in names} == {str(name)}
        files = {n.split("/", 1)[1]: archive.read(n).decode() for n in names}
    assert files["reports/parameters.csv"].splitlines() == [
        "name,value",
        f"entityID,rs:{CASP}.CON",
        "refPeriod,2025-12-31",
        "baseCurrency,iso4217:EUR",
        "decimalsInteger,0",
        "decimalsMonetary,-3",
    ]
    assert "https://xbrl.org/report-package/2023" in files["META-INF/reportPackage.json"]
    assert "fws/dora/4.0/mod/dora.json" in files["reports/report.json"]
    indicators = files["reports/FilingIndicators.csv"].splitlines()
    assert indicators[0] == "templateID,reported" and "B_05.01,true" in indicators
    assert files["reports/b_03.03.csv"].splitlines()[0] == "c0010,c0020,c0031"
    assert parse_package_name(zip_path.name).level == "CON"
    assert validate_package(zip_path) == []


def test_values_are_written_in_taxonomy_formats() -> None:
    files = _contents(_export(valid_register()))
    b0201 = files["reports/b_02.01.csv"].decode().splitlines()
    assert "CA-2024-003,eba_CO:x1,,eba_CU:EUR,85000.50" in b0201
    assert b0201[1:] == sorted(b0201[1:])  # sorted by primary key
    assert "IG-2024-001,CA-2024-003,true" in files["reports/b_02.03.csv"].decode()


def test_round_trip_is_byte_identical_apart_from_the_timestamp() -> None:
    first = _export(valid_register())
    package = read_package(first)
    assert package.register["B_02.01"][2]["c0050"] == Decimal("85000.50")
    second = _export(package.register, moment=datetime(2026, 2, 1, 8, 0, 0))
    first.seek(0)
    assert _contents(first) == _contents(second)
    # the whole zip differs only by the root folder name (the timestamp)
    first.seek(0)
    old, new = first.getvalue(), second.getvalue()
    assert old.replace(b"20260115103005042", b"20260201080000000") == new


def test_row_order_in_the_register_does_not_change_the_package() -> None:
    register = valid_register()
    shuffled = {k: list(reversed(v)) for k, v in reversed(register.items())}
    assert _export(register).getvalue() == _export(shuffled).getvalue()


def test_export_error_names_template_row_and_column(tmp_path: Path) -> None:
    register = valid_register()
    register["B_06.01"][1]["c0080"] = "24h"
    with pytest.raises(ExportError, match=r"B_06\.01 row 2 c0080: expected an integer"):
        export_package(register, params(), tmp_path, moment=MOMENT)
    assert list(tmp_path.iterdir()) == []  # nothing half-written
    register = valid_register()
    register["B_05.01"][0]["c9999"] = "x"
    with pytest.raises(ExportError, match="c9999"):
        export_package(register, params(), io.BytesIO(), moment=MOMENT)


def test_read_reports_file_row_column_and_reason() -> None:
    buffer = _export(valid_register())
    files = _contents(buffer)
    files["reports/b_06.01.csv"] = files["reports/b_06.01.csv"].replace(b",4,1,", b",4,one,")
    root = f"{CASP}.IND_FR_DORA010100_DORA_2025-12-31_20260115103005042"
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"{root}/{name}", data)
    broken.seek(0)
    with pytest.raises(PackageReadError) as caught:
        read_package(broken)
    (problem,) = caught.value.findings
    assert (problem.rule_id, problem.template, problem.row, problem.column, problem.value) == (
        "FMT-INTEGER",
        "B_06.01",
        1,
        "c0090",
        "one",
    )
    assert "not an integer" in problem.message


def test_not_a_zip_is_a_clear_error() -> None:
    with pytest.raises(PackageReadError, match="PKG-ZIP"):
        read_package(io.BytesIO(b"not a zip"))
