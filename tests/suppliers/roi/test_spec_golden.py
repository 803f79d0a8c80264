"""Golden tests: the shipped RoI spec reconciles with the EBA DORA taxonomy 4.0 files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from tests.reference import REFERENCE, TAXONOMY

from midora.suppliers.roi import build_spec
from midora.suppliers.roi.spec import (
    countries,
    currencies,
    entity_types,
    enumeration,
    enumerations,
    ict_service_types,
    template,
    templates,
)

FIXTURES = TAXONOMY
DATA = Path(build_spec.__file__).resolve().parents[2] / "data" / "roi"


def _table_files() -> dict[str, dict]:
    result = {}
    for path in sorted(TAXONOMY.glob("tab/*/*.json")):
        for code, definition in json.loads(path.read_text())["tableTemplates"].items():
            result[code.replace("-", ".")] = definition
    return result


def test_every_taxonomy_table_is_shipped_with_its_columns_in_order() -> None:
    tables = _table_files()
    assert set(tables) == set(templates())
    for code, definition in tables.items():
        spec = template(code)
        assert list(spec.column_codes) == list(definition["columns"]), code
        for col_code, column in definition["columns"].items():
            doc = column["eba:documentation"]
            shipped = spec.column(col_code)
            assert shipped.data_type == doc["type"], shipped.cell
            allowed = set(doc.get("AllowedValue", {}))
            if allowed:
                assert shipped.domain is not None, shipped.cell
                assert enumeration(shipped.domain).codes == allowed, shipped.cell
            else:
                assert shipped.domain is None, shipped.cell
            assert shipped.concept == column.get("dimensions", {}).get("concept")


def test_primary_and_foreign_keys_match_tc_keys() -> None:
    for code, definition in _table_files().items():
        keys = definition["tc:keys"]
        spec = template(code)
        assert list(spec.primary_key) == keys["primary"]["fields"]
        refs = [
            (r["columns"], r["keyRef"]["tableTemplate"].replace("-", "."), r["name"])
            for r in keys.get("reference", [])
        ]
        shipped = [(list(fk.columns), fk.target, fk.name) for fk in spec.foreign_keys]
        assert shipped == refs, code
        for fk in spec.foreign_keys:
            assert len(fk.columns) == len(template(fk.target).primary_key), fk.name


def test_module_file_names_match_the_module() -> None:
    module = json.loads((TAXONOMY / "mod" / "dora.json").read_text())
    urls = {t["template"].replace("-", "."): t["url"] for t in module["tables"].values()}
    for code, spec in templates().items():
        assert spec.file_name == urls[code]


def test_shipped_rules_are_the_reference_file_byte_for_byte() -> None:
    shipped = (DATA / "dpm-xl-rules.csv").read_bytes()
    assert shipped == (FIXTURES / "dpm-xl-rules.csv").read_bytes()


def test_every_linkbase_assertion_is_in_the_dpm_xl_rule_set() -> None:
    from midora.suppliers.roi.rules.business import eba_rules

    with (FIXTURES / "validation-rules.csv").open(newline="") as handle:
        linkbase = {row["rule_id"].rsplit("_", 1)[0] for row in csv.DictReader(handle)}
    rules = {rule.rule_id: rule for rule in eba_rules()}
    assert linkbase <= set(rules)
    assert rules["v8887_m"].status == "deactivated"


def test_enumeration_labels_come_from_the_reference_list() -> None:
    with (REFERENCE / "dora-roi-enumerations.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["label_source"].startswith("ISO"):
            continue
        assert enumeration(row["list_name"]).label(row["code"]) == row["label"]


def test_rebuilding_from_the_reference_reproduces_the_shipped_files(tmp_path: Path) -> None:
    written = build_spec.build(REFERENCE, tmp_path)
    for path in written:
        assert path.read_bytes() == (DATA / path.name).read_bytes(), path.name


def test_closed_lists_for_the_product() -> None:
    services = ict_service_types()
    assert [m.code for m in services.members] == [f"eba_TA:S{n:02d}" for n in range(1, 20)]
    assert "eba_CT:x303" in entity_types("B_01.01")
    assert len(entity_types("B_01.02").codes - entity_types("B_01.01").codes) == 2
    assert "eba_GA:FR" in countries() and "eba_GA:qx2007" not in countries()
    assert "eba_GA:qx2007" in enumeration("country_or_not_applicable")
    assert "eba_CU:EUR" in currencies() and "eba_CU:HRK" not in currencies()
    with pytest.raises(KeyError, match="unknown RoI domain"):
        enumeration("no_such_list")
    assert all(e.members for e in enumerations().values())


def test_mandatory_marks_keys_and_unconditional_rules() -> None:
    assert template("B_02.02").column("c0060").mandatory  # key column
    assert template("B_06.01").column("c0020").mandatory  # e23682_e
    assert not template("B_02.02").column("c0090").mandatory
