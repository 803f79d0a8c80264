"""Each validation rule family catches a deliberately broken register or package."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

import pytest
from roi_sample import CASP, CLOUD, params, valid_register

from midora.suppliers.roi.export import export_package
from midora.suppliers.roi.findings import ERROR, TECHNICAL, WARNING, blocking, findings_to_json
from midora.suppliers.roi.spec import templates
from midora.suppliers.roi.validate import validate_package, validate_register

MOMENT = datetime(2026, 1, 15, 10, 30, 5, 42000)
ROOT = f"{CASP}.IND_FR_DORA010100_DORA_2025-12-31_20260115103005042"


def _files() -> dict[str, bytes]:
    buffer = io.BytesIO()
    export_package(valid_register(), params(), buffer, moment=MOMENT)
    with zipfile.ZipFile(buffer) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _zip(files: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def _edit(path: str, old: bytes, new: bytes) -> Callable[[dict[str, bytes]], None]:
    def apply(files: dict[str, bytes]) -> None:
        key = f"{ROOT}/{path}"
        assert old in files[key], (path, old)
        files[key] = files[key].replace(old, new)

    return apply


def _rename_root(files: dict[str, bytes]) -> None:
    for name in list(files):
        files[name.replace(ROOT, "ROI_EXPORT")] = files.pop(name)


def _drop(path: str) -> Callable[[dict[str, bytes]], None]:
    return lambda files: files.pop(f"{ROOT}/{path}")


def _add(path: str) -> Callable[[dict[str, bytes]], None]:
    return lambda files: files.__setitem__(f"{ROOT}/{path}", b"x")


PACKAGE_CASES = {
    "PKG-NAME": _rename_root,
    "PKG-META": _drop("META-INF/reportPackage.json"),
    "PKG-REPORT": _edit("reports/report.json", b"4.0/mod/dora.json", b"3.5/mod/dora.json"),
    "PKG-PARAM": _edit("reports/parameters.csv", b"refPeriod,2025-12-31", b"refPeriod,31/12/2025"),
    "808": _drop("reports/b_07.01.csv"),
    "PKG-FILE": _add("reports/notes.txt"),
    "PKG-UTF8": _edit("reports/b_01.01.csv", "Autorité".encode(), "Autorité".encode("latin-1")),
    "HDR-COLUMNS": _edit("reports/b_03.03.csv", b"c0010,c0020,c0031", b"c0010,c0020,c0030"),
    "HDR-WIDTH": _edit("reports/b_02.03.csv", b",true", b",true,extra"),
    "FMT-DATE": _edit("reports/b_01.01.csv", b"2025-12-31", b"2025-13-31"),
    "FMT-BOOLEAN": _edit("reports/b_03.01.csv", b",true", b",yes"),
    "FMT-MONETARY": _edit("reports/b_02.01.csv", b"85000.50", b"8.5E4"),
    "FMT-QNAME": _edit("reports/b_01.03.csv", b"eba_GA:ES", b"Spain"),
    "PKG-ROOT": lambda files: files.__setitem__("stray.txt", b"x"),
}


@pytest.mark.parametrize("rule_id", sorted(PACKAGE_CASES))
def test_broken_package_is_caught(rule_id: str) -> None:
    files = _files()
    PACKAGE_CASES[rule_id](files)
    findings = validate_package(_zip(files))
    assert rule_id in {f.rule_id for f in findings}, findings
    assert blocking(findings)


def _set(template: str, index: int, column: str, value: object) -> Callable[[dict], None]:
    def apply(register: dict) -> None:
        register[template][index][column] = value

    return apply


def _duplicate(template: str) -> Callable[[dict], None]:
    return lambda register: register[template].append(dict(register[template][0]))


REGISTER_CASES: dict[str, tuple[Callable[[dict], None], str]] = {
    "ENUM-VALUE": (_set("B_02.02", 0, "c0060", "eba_TA:S20"), ERROR),
    "LEI-CHECK": (_set("B_01.03", 0, "c0020", CASP[:-2] + "00"), ERROR),
    "ISO-CURRENCY": (_set("B_02.01", 0, "c0040", "eba_CU:LTL"), WARNING),
    "805": (_set("B_02.02", 0, "c0150", None), ERROR),
    "806": (_duplicate("B_05.01"), ERROR),
    "FMT-INTEGER": (_set("B_06.01", 0, "c0080", Decimal("4.5")), ERROR),
    "FMT-DATE": (_set("B_02.02", 0, "c0070", "2024-01-01"), ERROR),
    "HDR-COLUMNS": (_set("B_01.01", 0, "c0070", "extra"), ERROR),
    "807": (_set("B_03.03", 0, "c0020", CLOUD), ERROR),
}


@pytest.mark.parametrize("rule_id", sorted(REGISTER_CASES))
def test_broken_register_is_caught(rule_id: str) -> None:
    register = valid_register()
    breaker, severity = REGISTER_CASES[rule_id]
    breaker(register)
    findings = validate_register(register, params())
    hits = [f for f in findings if f.rule_id == rule_id]
    assert hits, findings
    assert hits[0].severity == severity
    assert hits[0].template and hits[0].row is not None and hits[0].message


@pytest.mark.parametrize(
    "code,rule_id",
    [(spec.code, fk.rule_id) for spec in templates().values() for fk in spec.foreign_keys],
)
def test_every_foreign_key_rule_fires_on_a_dangling_reference(code: str, rule_id: str) -> None:
    register = valid_register()
    fk = next(f for f in templates()[code].foreign_keys if f.rule_id == rule_id)
    for column in fk.columns:
        register[code][0][column] = "NO-SUCH-KEY"
    hits = [f for f in validate_register(register) if f.rule_id == "807" and fk.name in f.message]
    assert hits and hits[0].template == code and hits[0].row == 1
    assert fk.target in hits[0].message
    assert hits[0].category == TECHNICAL


def test_foreign_key_rules_are_r1_to_r22() -> None:
    rules = {fk.rule_id for spec in templates().values() for fk in spec.foreign_keys}
    assert rules == {f"R{n}" for n in range(1, 23)}


def test_parameters_must_match_the_package_name() -> None:
    files = _files()
    _edit("reports/parameters.csv", b".IND", b".CON")(files)
    findings = validate_package(_zip(files))
    assert any(f.rule_id == "PKG-NAME" and f.column == "entityID" for f in findings)


def test_finding_json_and_blocking() -> None:
    register = valid_register()
    register["B_07.01"][0]["c0050"] = None  # business rule v8884_m: a warning
    register["B_02.02"][0]["c0060"] = "eba_TA:S99"  # error
    findings = validate_register(register)
    payload = json.loads(findings_to_json(findings))
    assert {p["rule_id"] for p in payload} == {"v8884_m", "ENUM-VALUE"}
    assert {
        "rule_id",
        "severity",
        "category",
        "template",
        "row_key",
        "column",
        "value",
        "message",
    } <= set(payload[0])
    assert [f.rule_id for f in blocking(findings)] == ["ENUM-VALUE"]
    enum = next(f for f in findings if f.rule_id == "ENUM-VALUE")
    assert enum.value == "eba_TA:S99" and enum.row_key.startswith("CA-2024-001|")


def test_amount_with_wrong_python_type_is_a_format_error() -> None:
    register = valid_register()
    register["B_02.01"][0]["c0050"] = 1200000.0
    register["B_01.01"][0]["c0060"] = date(2025, 12, 31)
    rules = {f.rule_id for f in validate_register(register)}
    assert rules == {"FMT-MONETARY"}


def test_lei_check_accepts_all_digit_lei_and_rejects_lower_case() -> None:
    from midora.suppliers.roi.rules.cells import lei_valid

    assert lei_valid("52990000000000000002")
    assert not lei_valid(CASP.lower())
    assert not lei_valid(CASP[:-1] + str((int(CASP[-1]) + 1) % 10))
