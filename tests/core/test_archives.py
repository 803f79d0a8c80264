"""Bounded archives: every zip/xlsx reader refuses a decompression bomb fast, writes nothing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from midora.cli import main as midora
from midora.core.archives import ArchiveLimitError, ArchiveLimits, check_archive, open_zip
from midora.suppliers.models import ContractualArrangement
from tests.core.bombs import with_filler

LEI = "5299001CASPHOLDCO1" + "26"
ROOT = f"{LEI}.IND_FR_DORA010100_DORA_2025-12-31_20260115103005042"
MB = 1024 * 1024
ROW = b"CA-0001," + LEI.encode() + b",549300CLOUDPROVID137,eba_qCO:qx2000,F-1,eba_TA:S10\r\n"


def write_bomb(target: Path | io.BytesIO, expand_mb: int, member: str = "b_02.02.csv") -> None:
    """An RoI package whose ``member`` expands to about ``expand_mb`` MB of repeated rows."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{ROOT}/META-INF/reportPackage.json", "{}")
        info = zipfile.ZipInfo(f"{ROOT}/reports/{member}")
        info.compress_type = zipfile.ZIP_DEFLATED
        chunk = ROW * (MB // len(ROW))
        with archive.open(info, "w", force_zip64=True) as handle:
            for _ in range(expand_mb):
                handle.write(chunk)


@pytest.fixture
def small_limits(settings):
    settings.MIDORA_ARCHIVE_MEMBER_MAX_BYTES = 4 * MB
    settings.MIDORA_ARCHIVE_MAX_BYTES = 8 * MB
    return settings


def test_declared_member_size_beyond_the_limit_is_refused_by_name() -> None:
    buffer = io.BytesIO()
    write_bomb(buffer, 6)
    with pytest.raises(ArchiveLimitError, match=r"b_02\.02\.csv expands beyond 4 MB"):
        open_zip(buffer, ArchiveLimits(max_member_bytes=4 * MB, max_ratio=10_000))


def test_total_size_member_count_and_ratio_are_limited() -> None:
    buffer = io.BytesIO()
    write_bomb(buffer, 3)
    with pytest.raises(ArchiveLimitError, match="more than 10 times its compressed size"):
        check_archive(buffer, ArchiveLimits(max_ratio=10))
    with pytest.raises(ArchiveLimitError, match="beyond 2 MB in total"):
        check_archive(buffer, ArchiveLimits(max_total_bytes=2 * MB, max_ratio=10_000))
    with pytest.raises(ArchiveLimitError, match="holds 2 files, more than 1"):
        check_archive(buffer, ArchiveLimits(max_members=1))
    buffer.seek(0)
    check_archive(buffer, ArchiveLimits(max_ratio=10_000))  # within every limit: no error
    assert buffer.tell() == 0  # rewound for the library that reads it next


def test_streaming_counts_real_bytes_not_declared_sizes() -> None:
    buffer = io.BytesIO()
    write_bomb(buffer, 3)
    bounded = open_zip(buffer, ArchiveLimits(max_ratio=10_000))
    bounded.limits = ArchiveLimits(max_member_bytes=1 * MB, max_ratio=10_000)
    bounded._budget.limits = bounded.limits  # as if the directory had lied about the size
    with pytest.raises(ArchiveLimitError, match="expands beyond 1 MB"):
        bounded.read(f"{ROOT}/reports/b_02.02.csv")


@pytest.mark.django_db
def test_cli_validate_and_import_refuse_a_bomb_and_write_nothing(
    small_limits, tmp_path, capsys
) -> None:
    package = tmp_path / f"{ROOT}.zip"
    write_bomb(package, 40)
    assert midora(["roi", "validate", str(package)]) == 1
    out = capsys.readouterr().out
    assert "PKG-LIMIT" in out and "b_02.02.csv expands beyond 4 MB" in out
    assert midora(["roi", "import", str(package)]) == 1
    err = capsys.readouterr().err
    assert "b_02.02.csv expands beyond 4 MB" in err and "nothing imported" in err
    assert ContractualArrangement.objects.count() == 0


@pytest.mark.django_db
def test_web_check_refuses_a_bomb_and_stays_up(
    small_limits, entity, compliance_user, client_for
) -> None:
    buffer = io.BytesIO()
    write_bomb(buffer, 40)
    client = client_for(compliance_user)
    upload = SimpleUploadedFile(f"{ROOT}.zip", buffer.getvalue(), "application/zip")
    response = client.post("/third-parties/roi/check/", {"package": upload})
    assert response.status_code == 200
    assert b"b_02.02.csv expands beyond 4 MB" in response.content
    assert client.get("/third-parties/roi/").status_code == 200


@pytest.mark.django_db
def test_risk_excel_import_refuses_a_bomb(small_limits, compliance_user) -> None:
    from midora.ictrisk.excel import import_risks
    from midora.ictrisk.models import Risk

    book = io.BytesIO()
    Workbook().save(book)
    result = import_risks(io.BytesIO(with_filler(book.getvalue(), 6 * MB)), compliance_user)
    assert not result.ok
    assert "filler.bin expands beyond 4 MB" in result.errors[0].reason
    assert Risk.objects.count() == 0


@pytest.mark.django_db
def test_roi_workbook_import_refuses_a_bomb(small_limits, tmp_path, capsys) -> None:
    path = tmp_path / "register.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (6 * MB), zipfile.ZIP_DEFLATED)
    assert midora(["roi", "import", str(path)]) == 1
    assert "sheet1.xml expands beyond 4 MB" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_bomb_before_changing_anything(settings, entity, tmp_path, capsys):
    from midora.core.models import LegalEntity

    archive = tmp_path / "backup.zip"
    assert midora(["backup", str(archive)]) == 0
    settings.MIDORA_RESTORE_MEMBER_MAX_BYTES = 1 * MB
    bombed = tmp_path / "bombed.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(bombed, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("evidence/ff/filler", b"\0" * (3 * MB), zipfile.ZIP_DEFLATED)
    LegalEntity.objects.update(name="Current state")
    capsys.readouterr()
    assert midora(["restore", str(bombed)]) == 2
    assert "filler expands beyond 1 MB" in capsys.readouterr().err
    assert LegalEntity.objects.get().name == "Current state"
