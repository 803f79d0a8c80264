"""Import of a package or review workbook: round trip, and all or nothing with every error."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from midora.cli import main
from midora.core.models import BusinessFunction, LegalEntity
from midora.suppliers.models import (
    ClauseReview,
    ContractualArrangement,
    EntityRegisterData,
    ExitPlan,
    FunctionRegisterData,
    ICTProvider,
    ICTServiceUse,
    ServiceAssessment,
    Subcontractor,
)
from midora.suppliers.roi.export import export_package
from midora.suppliers.roi.read import read_package
from midora.suppliers.roi_import import RegisterImportError, import_register
from midora.suppliers.roi_rows import build_register

pytestmark = pytest.mark.django_db
REF = dt.date(2025, 12, 31)
MODELS = [
    ClauseReview,
    ExitPlan,
    ICTServiceUse,
    ServiceAssessment,
    Subcontractor,
    ContractualArrangement,
    ICTProvider,
    FunctionRegisterData,
    EntityRegisterData,
    BusinessFunction,
]


def _export(tmp: Path, lei: str, level: str = "CON") -> Path:
    entity = LegalEntity.objects.get(lei=lei)
    built = build_register(entity, REF, level)
    out = tmp / f"export-{len(list(tmp.iterdir()))}"
    out.mkdir()
    name = export_package(built.register, built.params, out)
    return out / f"{name}.zip"


def _tables(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n.split("/", 1)[1]: archive.read(n) for n in archive.namelist()}


def _wipe() -> None:
    """Empty the whole store (every app's records link to the entities), as on a fresh install,
    which holds the shipped authority profiles (loaded by its migrations)."""
    from midora.core.authority_profiles import load_profiles
    from midora.core.backup import flush_records

    flush_records()
    load_profiles()


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in [*MODELS, LegalEntity]}


def test_round_trip_package_exports_byte_identical_csvs(demo, tmp_path):
    lei = demo["holding"].lei
    first = _export(tmp_path, lei)
    _wipe()
    assert ContractualArrangement.objects.count() == 0
    assert main(["roi", "import", str(first)]) == 0
    second = _export(tmp_path, lei)
    assert first.name != second.name or first != second
    before, after = _tables(first), _tables(second)
    assert before.keys() == after.keys()
    for name in before:
        assert before[name] == after[name], name
    assert len(before) > 10


def test_round_trip_through_the_review_workbook(demo, tmp_path):
    lei = demo["holding"].lei
    first = _export(tmp_path, lei)
    workbook = tmp_path / "review.xlsx"
    assert (
        main(
            [
                "roi",
                "workbook",
                "--entity",
                lei,
                "--reference-date",
                "2025-12-31",
                "--level",
                "CON",
                "--output",
                str(workbook),
            ]
        )
        == 0
    )
    _wipe()
    assert main(["roi", "import", str(workbook)]) == 0
    second = _export(tmp_path, lei)
    assert _tables(first) == _tables(second)


def _rewrite(path: Path, target: Path, edits: dict[str, Callable[[list], list]]) -> Path:
    """Copy a package, passing the rows of some CSVs through an edit function."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target / path.name, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            short = name.rsplit("/", 1)[-1]
            if short in edits:
                rows = list(csv.reader(io.StringIO(data.decode())))
                rows = edits[short](rows)
                buffer = io.StringIO()
                csv.writer(buffer, lineterminator="\r\n").writerows(rows)
                data = buffer.getvalue().encode()
            out.writestr(name, data)
    return target / path.name


def test_invalid_rows_abort_the_import_with_every_error_and_leave_the_database_untouched(
    demo, tmp_path, capsys
):
    package = _export(tmp_path, demo["holding"].lei)

    def bad_dates(rows):
        rows[1][rows[0].index("c0070")] = "31/12/2024"
        return rows

    def bad_enum(rows):
        rows[2][rows[0].index("c0080")] = "eba_GA:ZZZ"
        return rows

    def bad_reference(rows):
        rows[3][rows[0].index("c0020")] = "549300UNKNOWNPROV045"
        return rows

    broken_dir = tmp_path / "broken"
    broken_dir.mkdir()
    broken = _rewrite(
        package,
        broken_dir,
        {"b_02.02.csv": bad_dates, "b_05.01.csv": bad_enum, "b_03.02.csv": bad_reference},
    )
    ClauseReview.objects.all().delete()  # the import must not touch what remains either
    before = _counts()
    capsys.readouterr()
    assert main(["roi", "import", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "nothing imported" in err
    assert "FMT-DATE B_02.02 row 1" in err and "c0070" in err
    assert "ENUM-VALUE B_05.01 row 2" in err and "c0080" in err
    assert "807 B_03.02 row 3" in err and "foreign key R19" in err
    assert _counts() == before


def test_records_midora_cannot_keep_are_row_level_import_errors(demo):
    built = build_register(demo["holding"], REF, "CON")
    register = built.register
    lei = register["B_01.01"][0]["c0010"]
    register["B_01.03"] = [{"c0010": "BR-1", "c0020": lei, "c0030": "Branch", "c0040": "eba_GA:ES"}]
    uses = register["B_02.02"]
    twin = next(u for u in uses[1:] if u["c0010"] == uses[0]["c0010"])
    twin["c0100"] = 999
    before = _counts()
    with pytest.raises(RegisterImportError) as caught:
        import_register(register)
    where = {(f.rule_id, f.template, f.column) for f in caught.value.findings}
    assert ("IMPORT", "B_01.03", "c0010") in where
    assert ("IMPORT", "B_02.02", "c0100") in where
    assert _counts() == before


def test_import_replaces_an_existing_arrangement_instead_of_duplicating_it(demo, tmp_path):
    package = read_package(_export(tmp_path, demo["holding"].lei))
    before = _counts()
    import_register(package.register)
    assert _counts()["ContractualArrangement"] == before["ContractualArrangement"]
    assert _counts()["ICTServiceUse"] == before["ICTServiceUse"]
