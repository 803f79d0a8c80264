"""Every active EBA business rule of dpm-xl-rules.csv, broken alone in an exported package.

For each of the 55 active rules, one cell of the valid sample register is changed so that the
rule fails; the register is exported as a package and the package validated. The findings must
be exactly that rule (with its id, severity and row key) plus the rules that the same change
necessarily breaks too: where the EBA states a cell twice (an unconditional ``_e`` existence rule
and a conditional ``_m`` rule over the same cell, or the identical v22912_m and v8805_m), the one
blank cell breaks both. Nothing else may be reported.
"""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from roi_sample import params, valid_register

from midora.suppliers.roi.export import export_package
from midora.suppliers.roi.findings import BUSINESS, ERROR, WARNING
from midora.suppliers.roi.rules.business import active_rules, deactivated_rules, eba_rules
from midora.suppliers.roi.validate import validate_package

MOMENT = datetime(2026, 1, 15, 10, 30, 5, 42000)

# rule -> (template, row index, {column: new value}), rules necessarily broken with it
BREAKS: dict[str, tuple[tuple[str, int, dict[str, Any]], set[str]]] = {
    "e23674_e": (("B_05.01", 0, {"c0110": None}), {"v8855_m"}),
    "e23675_e": (("B_01.03", 0, {"c0040": None}), {"v8856_m"}),
    "e23676_e": (("B_01.02", 1, {"c0050": None}), {"v8861_m"}),
    "e23677_e": (("B_01.01", 0, {"c0050": None}), {"v8875_m"}),
    "e23680_e": (("B_02.02", 0, {"c0070": None}), {"v8870_m"}),
    "e23682_e": (("B_06.01", 0, {"c0090": None}), {"v8882_m"}),
    "e23683_e": (("B_04.01", 0, {"c0030": None}), set()),
    "e23792_e": (("B_02.01", 0, {"c0040": None}), {"v8867_m"}),
    "v22912_m": (("B_02.01", 1, {"c0030": None}), {"v8805_m"}),
    "v22913_s": (("B_01.02", 1, {"c0110": Decimal("-1")}), set()),
    "v23716_s": (("B_02.01", 2, {"c0050": Decimal("-0.5")}), set()),
    "v8803_m": (("B_01.02", 1, {"c0100": None}), set()),
    "v8804_m": (("B_01.02", 1, {"c0110": None}), set()),
    "v8805_m": (("B_02.01", 1, {"c0030": None}), {"v22912_m"}),
    "v8825_m": (("B_07.01", 0, {"c0060": None}), set()),
    "v8826_m": (("B_01.02", 1, {"c0060": "5299001casphold"}), {"LEI-CHECK", "807"}),
    "v8850_m": (("B_05.01", 1, {"c0020": None}), {"e23674_e"}),
    "v8851_m": (("B_05.01", 1, {"c0050": None}), {"e23674_e"}),
    "v8852_m": (("B_05.01", 1, {"c0060": None}), {"e23674_e"}),
    "v8853_m": (("B_05.01", 1, {"c0070": None}), {"e23674_e"}),
    "v8854_m": (("B_05.01", 1, {"c0080": None}), {"e23674_e"}),
    "v8855_m": (("B_05.01", 1, {"c0110": None}), {"e23674_e"}),
    "v8856_m": (("B_01.03", 0, {"c0040": None}), {"e23675_e"}),
    "v8857_m": (("B_01.03", 0, {"c0030": None}), {"e23675_e"}),
    "v8858_m": (("B_01.02", 1, {"c0020": None}), {"e23676_e"}),
    "v8859_m": (("B_01.02", 1, {"c0030": None}), {"e23676_e"}),
    "v8860_m": (("B_01.02", 1, {"c0040": None}), {"e23676_e"}),
    "v8861_m": (("B_01.02", 1, {"c0050": None}), {"e23676_e"}),
    "v8862_m": (("B_01.02", 1, {"c0060": None}), {"e23676_e"}),
    "v8863_m": (("B_01.02", 1, {"c0070": None}), {"e23676_e"}),
    "v8864_m": (("B_01.02", 1, {"c0080": None}), {"e23676_e"}),
    "v8865_m": (("B_01.02", 1, {"c0090": None}), {"e23676_e"}),
    "v8866_m": (("B_02.01", 2, {"c0050": None}), {"e23792_e"}),
    "v8867_m": (("B_02.01", 2, {"c0040": None}), {"e23792_e"}),
    "v8868_m": (("B_02.01", 2, {"c0020": None}), {"e23792_e"}),
    "v8869_m": (("B_02.02", 0, {"c0040": None}), {"e23680_e"}),
    "v8870_m": (("B_02.02", 0, {"c0070": None}), {"e23680_e"}),
    "v8871_m": (("B_02.02", 0, {"c0080": None}), {"e23680_e"}),
    "v8872_m": (("B_01.01", 0, {"c0020": None}), {"e23677_e"}),
    "v8873_m": (("B_01.01", 0, {"c0030": None}), {"e23677_e"}),
    "v8874_m": (("B_01.01", 0, {"c0040": None}), {"e23677_e"}),
    "v8875_m": (("B_01.01", 0, {"c0050": None}), {"e23677_e"}),
    "v8876_m": (("B_01.01", 0, {"c0060": None}), {"e23677_e"}),
    "v8877_m": (("B_06.01", 1, {"c0020": None}), {"e23682_e"}),
    "v8878_m": (("B_06.01", 1, {"c0030": None}), {"e23682_e"}),
    "v8879_m": (("B_06.01", 1, {"c0050": None}), {"e23682_e"}),
    "v8880_m": (("B_06.01", 1, {"c0070": None}), {"e23682_e"}),
    "v8881_m": (("B_06.01", 1, {"c0080": None}), {"e23682_e"}),
    "v8882_m": (("B_06.01", 1, {"c0090": None}), {"e23682_e"}),
    "v8883_m": (("B_06.01", 1, {"c0100": None}), {"e23682_e"}),
    "v8884_m": (("B_07.01", 1, {"c0050": None}), set()),
    "v8885_m": (("B_07.01", 1, {"c0070": None}), set()),
    "v8886_m": (("B_07.01", 1, {"c0080": None}), set()),
    "v88889_m": (("B_07.01", 1, {"c0110": None}), set()),
    "v8888_m": (("B_07.01", 1, {"c0100": None}), set()),
}


def _package(register: dict) -> io.BytesIO:
    buffer = io.BytesIO()
    export_package(register, params(), buffer, moment=MOMENT)
    buffer.seek(0)
    return buffer


def test_the_file_holds_55_active_and_8_deactivated_rules() -> None:
    assert len(eba_rules()) == 63
    assert len(active_rules()) == 55
    assert {r.rule_id for r in deactivated_rules()} == {
        "e23681_e",
        "v8816_m",
        "v8817_m",
        "v8818_m",
        "v8821_m",
        "v8823_m",
        "v8824_m",
        "v8887_m",
    }
    assert set(BREAKS) == {r.rule_id for r in active_rules()}


def test_the_valid_sample_package_breaks_no_rule() -> None:
    assert validate_package(_package(valid_register())) == []


@pytest.mark.parametrize("rule_id", sorted(BREAKS))
def test_a_package_breaking_only_this_rule_reports_it(rule_id: str) -> None:
    (template, index, changes), implied = BREAKS[rule_id]
    register = valid_register()
    register[template][index].update(changes)
    findings = validate_package(_package(register))
    assert {f.rule_id for f in findings} == {rule_id} | implied, findings
    hits = [f for f in findings if f.rule_id == rule_id]
    rule = next(r for r in active_rules() if r.rule_id == rule_id)
    expected_key = "|".join(str(register[template][index][c]) for c in _primary_key(template))
    for hit in hits:
        assert hit.template == template and hit.category == BUSINESS
        assert hit.severity == (ERROR if rule_id.endswith("_e") else WARNING)
        assert hit.row_key == expected_key
        assert hit.column in changes
        # a sentence naming where and what, not the rule's formula
        assert hit.message.startswith(f"{template} row {index + 1}: ")
        assert f"({hit.column})" in hit.message and f"(EBA rule {rule.rule_id})" in hit.message
        assert rule.expression not in hit.message and "{" not in hit.message


def _primary_key(template: str) -> tuple[str, ...]:
    from midora.suppliers.roi.spec import templates

    return templates()[template].primary_key


@pytest.mark.parametrize("rule_id", sorted(r.rule_id for r in deactivated_rules()))
def test_deactivated_rules_are_not_applied(rule_id: str) -> None:
    register = valid_register()
    rule = next(r for r in deactivated_rules() if r.rule_id == rule_id)
    for row in register[rule.table]:
        for check in rule.compiled.checks:
            for column in check.column.split(","):
                row[column] = None
    findings = validate_package(_package(register))
    assert rule_id not in {f.rule_id for f in findings}
