"""`midora roi lei-check`: LEIs of a package checked offline against a GLEIF golden-copy file."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from roi_sample import CASP, CLOUD, CUSTODY, DATACENTRE, KYC, SUBSIDIARY, params, valid_register

from midora.suppliers.roi.export import export_package
from midora.suppliers.roi.lei_check import GleifFileError, check_leis, comparable_name

# the column names of the official LEI-CDF golden-copy CSV (a subset of its 200+ columns)
HEADER = [
    "LEI",
    "Entity.LegalName",
    "Entity.LegalName.xmllang",
    "Entity.EntityStatus",
    "Registration.InitialRegistrationDate",
    "Registration.RegistrationStatus",
    "Registration.NextRenewalDate",
]


def _golden(path: Path, rows: list[tuple[str, str, str, str]], zipped: bool = False) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerow(["00000000000000000000", "Someone Else", "en", "ACTIVE", "", "ISSUED", ""])
    for lei, name, entity_status, status in rows:
        writer.writerow([lei, name, "en", entity_status, "2020-01-01", status, "2026-06-30"])
    if zipped:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "20261130-0800-gleif-goldencopy-lei2-golden-copy.csv", buffer.getvalue()
            )
    else:
        path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _rows() -> list[tuple[str, str, str, str]]:
    return [
        (CASP, "EXAMPLE CRYPTO SERVICES SAS", "ACTIVE", "ISSUED"),
        (SUBSIDIARY, "Example Crypto Services GmbH", "ACTIVE", "ISSUED"),
        (CLOUD, "Nimbus Cloud Limited", "ACTIVE", "ISSUED"),  # register: Nimbus Cloud Ltd
        (CUSTODY, "Vault Custody Tech BV", "ACTIVE", "LAPSED"),
        (DATACENTRE, "Rack & Power SA", "INACTIVE", "RETIRED"),
    ]  # KYC is missing from the file


@pytest.mark.parametrize("zipped", [False, True])
def test_lapsed_retired_unknown_and_renamed_leis_are_warnings(tmp_path, zipped) -> None:
    gleif = _golden(tmp_path / ("golden.zip" if zipped else "golden.csv"), _rows(), zipped)
    findings = check_leis(valid_register(), gleif)
    assert {f.severity for f in findings} == {"warning"}
    by_rule = {(f.rule_id, f.value) for f in findings}
    assert ("GLEIF-STATUS", CUSTODY) in by_rule and ("GLEIF-STATUS", DATACENTRE) in by_rule
    assert ("GLEIF-UNKNOWN", KYC) in by_rule
    assert ("GLEIF-NAME", CLOUD) in by_rule
    assert ("GLEIF-NAME", CASP) not in by_rule  # case and accents do not matter
    lapsed = next(f for f in findings if f.value == CUSTODY and f.template == "B_05.01")
    assert "LAPSED" in lapsed.message and lapsed.row_key == CUSTODY
    parent = [f for f in findings if f.template == "B_01.02" and f.column == "c0060"]
    assert all("v8826_m" in f.message for f in parent)


def test_cli_checks_a_package(tmp_path, capsys) -> None:
    from midora.cli import main

    name = export_package(valid_register(), params(), tmp_path, moment=datetime(2026, 1, 15))
    gleif = _golden(tmp_path / "golden.csv", _rows())
    assert main(["roi", "lei-check", str(tmp_path / f"{name}.zip"), "--gleif", str(gleif)]) == 0
    out = capsys.readouterr().out
    assert "GLEIF-STATUS B_05.01" in out and "LAPSED" in out


def test_a_file_without_the_lei_column_is_refused(tmp_path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("code,name\nX,Y\n", encoding="utf-8")
    with pytest.raises(GleifFileError, match="no LEI column"):
        check_leis(valid_register(), path)


def test_names_compare_without_case_accents_or_punctuation() -> None:
    assert comparable_name("Autorité  des Marchés-Financiers") == "autorite des marches financiers"
