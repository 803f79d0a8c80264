"""The Register of Information built from the database: valid, faithful to the taxonomy files,
and each kind of bad record caught with the right rule id."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import pytest
from tests.reference import TAXONOMY
from tests.suppliers import builders

from midora.cli import main
from midora.core.models import BusinessFunction, LegalEntity
from midora.suppliers.models import ContractualArrangement, ICTProvider, ICTServiceUse
from midora.suppliers.roi.export import export_package
from midora.suppliers.roi.validate import validate_package, validate_register
from midora.suppliers.roi_rows import build_register

pytestmark = pytest.mark.django_db

REF = dt.date(2025, 12, 31)


def _tables() -> dict[str, dict]:
    found = {}
    for path in TAXONOMY.glob("tab/*/*.json"):
        for definition in json.loads(path.read_text())["tableTemplates"].values():
            found[path.parent.name + ".csv"] = definition
    return found


def _csv_files(package: bytes) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {
            name.rsplit("/", 1)[-1]: list(csv.reader(io.StringIO(archive.read(name).decode())))
            for name in archive.namelist()
            if name.rsplit("/", 1)[-1].startswith("b_")
        }


def _export(entity: LegalEntity, level: str = "IND") -> bytes:
    built = build_register(entity, REF, level)
    buffer = io.BytesIO()
    export_package(built.register, built.params, buffer)
    return buffer.getvalue()


def test_demo_package_passes_validation_and_agrees_with_the_taxonomy_tables(demo, tmp_path):
    tables = _tables()
    holding = demo["holding"]
    for entity, level in [(holding, "CON"), *((e, "IND") for e in LegalEntity.objects.all())]:
        package = _export(entity, level)
        path = tmp_path / "p.zip"
        path.write_bytes(package)
        findings = validate_package(path)
        # the file name is checked separately (a package written to a buffer has no zip name)
        assert [f for f in findings if f.rule_id != "PKG-ROOT"] == [], (entity, level)
        files = _csv_files(package)
        assert "b_02.01.csv" in files and "b_05.01.csv" in files
        for name, rows in files.items():
            table = tables[name]
            columns = table["columns"]
            assert rows[0] == list(columns), name
            keys = table["tc:keys"]["primary"]["fields"]
            key_index = [rows[0].index(k) for k in keys]
            seen = set()
            for row in rows[1:]:
                key = tuple(row[i] for i in key_index)
                assert all(key) and key not in seen, (name, key)
                seen.add(key)
                for code, cell in zip(rows[0], row, strict=True):
                    allowed = columns[code]["eba:documentation"].get("AllowedValue")
                    if allowed and cell:
                        assert cell in allowed, (name, code, cell)
            for reference in table["tc:keys"].get("reference", []):
                target = tables[
                    reference["keyRef"]["tableTemplate"].replace("-", ".").lower() + ".csv"
                ]
                target_rows = files[
                    reference["keyRef"]["tableTemplate"].replace("-", ".").lower() + ".csv"
                ]
                target_keys = target["tc:keys"]["primary"]["fields"]
                target_index = [target_rows[0].index(k) for k in target_keys]
                existing = {tuple(r[i] for i in target_index) for r in target_rows[1:]}
                index = [rows[0].index(c) for c in reference["columns"]]
                for row in rows[1:]:
                    value = tuple(row[i] for i in index)
                    assert not all(value) or value in existing, (name, reference["name"], value)


def test_consolidated_register_covers_the_group_and_individual_only_the_entity(demo):
    holding = demo["holding"]
    group = build_register(holding, REF, "CON")
    entities = {r["c0010"] for r in group.register["B_01.02"]}
    assert entities == set(LegalEntity.objects.values_list("lei", flat=True))
    france = LegalEntity.objects.get(country="FR")
    single = build_register(france, REF, "IND")
    functions = {r["c0040"] for r in single.register["B_06.01"]}
    assert functions == {france.lei}
    refs = {r["c0010"] for r in single.register["B_02.01"]}
    own = set(
        ContractualArrangement.objects.filter(entity=france, start_date__lte=REF).values_list(
            "reference", flat=True
        )
    )
    assert own - refs == {
        r
        for r in own
        if ContractualArrangement.objects.get(reference=r).end_date
        and ContractualArrangement.objects.get(reference=r).end_date < REF - dt.timedelta(days=365)
    }
    assert len(group.register["B_02.01"]) > len(single.register["B_02.01"])


def _rules(entity: LegalEntity) -> set[tuple[str, str, str]]:
    built = build_register(entity, REF, "IND")
    return {
        (f.rule_id, f.template, f.column) for f in validate_register(built.register, built.params)
    }


def _small_register(entity: LegalEntity) -> ContractualArrangement:
    builders.register_ready(entity)
    custody = builders.function(entity, "CUST")
    cloud = builders.provider("Cloud One")
    return builders.arrangement("CA-1", entity, cloud, [(custody, "S10")])


def test_a_clean_hand_built_register_has_no_finding(entity):
    _small_register(entity)
    assert _rules(entity) == set()


def test_bad_provider_lei_is_caught_as_lei_check(entity):
    record = _small_register(entity)
    ICTProvider.objects.filter(pk=record.provider_id).update(
        identification_code="5493001KJTIIGC8Y1R13"
    )
    assert ("LEI-CHECK", "B_05.01", "c0010") in _rules(entity)


def test_value_outside_the_closed_list_is_caught_as_enum_value(entity):
    record = _small_register(entity)
    ICTServiceUse.objects.filter(arrangement=record).update(service_type="eba_TA:S99")
    assert ("ENUM-VALUE", "B_02.02", "c0060") in _rules(entity)


def test_empty_key_is_caught_as_key_empty(entity):
    record = _small_register(entity)
    ICTServiceUse.objects.filter(arrangement=record).update(storage_location="")
    assert ("805", "B_02.02", "c0150") in _rules(entity)


def test_subsequent_arrangement_without_overarching_breaks_eba_rule_v22912(entity):
    record = _small_register(entity)
    ContractualArrangement.objects.filter(pk=record.pk).update(arrangement_type="eba_CO:x3")
    assert ("v22912_m", "B_02.01", "c0030") in _rules(entity)


def test_missing_cost_and_assessment_date_break_the_eba_completeness_rules(entity):
    record = _small_register(entity)
    ContractualArrangement.objects.filter(pk=record.pk).update(annual_cost=None)
    BusinessFunction.objects.filter(entity=entity).update(last_assessed=None)
    rules = _rules(entity)
    assert ("v8866_m", "B_02.01", "c0050") in rules
    assert ("e23682_e", "B_06.01", "c0070") in rules


def test_cli_export_refuses_with_blocking_errors_and_names_them(entity, tmp_path, capsys):
    record = _small_register(entity)
    ICTProvider.objects.filter(pk=record.provider_id).update(
        identification_code="5493001KJTIIGC8Y1R13"
    )
    args = ["roi", "export", "--entity", entity.lei, "--reference-date", "2025-12-31"]
    assert main([*args, "--output", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "LEI-CHECK" in err and "B_05.01" in err and "refused" in err
    assert list(tmp_path.iterdir()) == []
    assert main([*args, "--output", str(tmp_path), "--force"]) == 0
    [written] = tmp_path.iterdir()
    assert written.name.startswith(f"{entity.lei}.IND_FR_DORA010100_DORA_2025-12-31_")


def test_cli_validate_package_and_database_with_exit_codes(entity, tmp_path, capsys):
    _small_register(entity)
    args = ["--entity", entity.lei, "--reference-date", "2025-12-31"]
    assert main(["roi", "export", *args, "--output", str(tmp_path)]) == 0
    [package] = tmp_path.iterdir()
    capsys.readouterr()
    assert main(["roi", "validate", str(package), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["roi", "validate", *args]) == 0
    BusinessFunction.objects.filter(entity=entity).update(identifier="")
    capsys.readouterr()
    assert main(["roi", "validate", *args, "--format", "json"]) == 1
    rules = {f["rule_id"] for f in json.loads(capsys.readouterr().out)}
    assert "805" in rules
