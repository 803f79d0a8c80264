"""Packages are read as xBRL-CSV defines them: columns by header, any line end, optional BOM."""

from __future__ import annotations

import csv
import io
import random
import zipfile
from datetime import datetime

import pytest
from roi_sample import CASP, params, valid_register

from midora.suppliers.roi.export import export_package
from midora.suppliers.roi.read import read_package
from midora.suppliers.roi.spec import templates
from midora.suppliers.roi.validate import validate_package

MOMENT = datetime(2026, 1, 15, 10, 30, 5, 42000)
ROOT = f"{CASP}.IND_FR_DORA010100_DORA_2025-12-31_20260115103005042"


def _files(register: dict | None = None) -> dict[str, bytes]:
    buffer = io.BytesIO()
    export_package(
        valid_register() if register is None else register, params(), buffer, moment=MOMENT
    )
    with zipfile.ZipFile(buffer) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _zip(files: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def _rewrite(data: bytes, order: list[int], *, newline: str, bom: bool) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=newline)
    for row in rows:
        writer.writerow([row[i] for i in order])
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def _official_style(files: dict[str, bytes], *, newline: str, bom: bool, seed: int) -> dict:
    """Every table CSV with its columns shuffled (as the EBA sample writes B_04.01)."""
    rng = random.Random(seed)
    result = dict(files)
    for spec in templates().values():
        name = f"{ROOT}/reports/{spec.file_name}"
        order = list(range(len(spec.columns)))
        rng.shuffle(order)
        result[name] = _rewrite(files[name], order, newline=newline, bom=bom)
    return result


def _data_errors() -> dict:
    register = valid_register()
    register["B_07.01"][0]["c0050"] = None  # business rule v8884_m
    register["B_02.02"][1]["c0060"] = "eba_TA:S99"  # closed list
    register["B_05.01"][0]["c0010"] = CASP[:-2] + "00"  # LEI check digits (and a key)
    return register


@pytest.mark.parametrize(
    "newline,bom,seed", [("\r\n", False, 1), ("\n", True, 2), ("\r\n", True, 3), ("\n", False, 4)]
)
def test_shuffled_columns_validate_exactly_like_canonical_order(
    newline: str, bom: bool, seed: int
) -> None:
    files = _files(_data_errors())
    canonical = validate_package(_zip(files))
    shuffled = validate_package(_zip(_official_style(files, newline=newline, bom=bom, seed=seed)))
    assert canonical  # the data findings are there ...
    assert {f.category for f in canonical} <= {"format", "business rule", "technical check"}
    assert shuffled == canonical  # ... and nothing else, in the same order


def test_shuffled_package_reads_back_the_same_register() -> None:
    files = _files()
    shuffled = _official_style(files, newline="\n", bom=True, seed=7)
    assert read_package(_zip(shuffled)).register == read_package(_zip(files)).register


def test_missing_and_unknown_columns_are_named() -> None:
    files = _files()
    name = f"{ROOT}/reports/b_04.01.csv"
    files[name] = files[name].replace(b"c0010,c0020,c0030,c0040", b"c0010,c0020,c0099,c0040", 1)
    findings = [f for f in validate_package(_zip(files)) if f.rule_id == "HDR-COLUMNS"]
    messages = {f.message for f in findings}
    assert "missing column c0030" in messages
    assert any(m.startswith("unknown column 'c0099'") for m in messages)
    assert all(f.template == "B_04.01" for f in findings)


def test_a_column_given_twice_is_named() -> None:
    files = _files()
    name = f"{ROOT}/reports/b_02.03.csv"
    files[name] = files[name].replace(b"c0010,c0020,c0030", b"c0010,c0020,c0020", 1)
    messages = {f.message for f in validate_package(_zip(files)) if f.rule_id == "HDR-COLUMNS"}
    assert messages == {"column c0020 appears twice", "missing column c0030"}


def test_exporter_files_all_15_templates_with_indicators_true() -> None:
    register = valid_register()
    del register["B_01.03"], register["B_99.01"]
    register["B_02.03"] = []
    files = _files(register)
    for spec in templates().values():
        assert f"{ROOT}/reports/{spec.file_name}" in files
    indicators = files[f"{ROOT}/reports/FilingIndicators.csv"].decode().split("\r\n")
    assert indicators[0] == "templateID,reported"
    assert indicators[1:-1] == [f"{code},true" for code in templates()]
    empty = files[f"{ROOT}/reports/b_01.03.csv"].decode()
    assert empty == ",".join(templates()["B_01.03"].column_codes) + "\r\n"
    assert validate_package(_zip(files)) == []
