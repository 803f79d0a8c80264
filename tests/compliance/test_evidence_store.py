"""Content-addressed evidence store: dedup, versions, streaming, limits, names, verify."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tracemalloc
from pathlib import Path

import pytest

from midora.cli import main
from midora.compliance.evidence_records import add_version
from midora.compliance.evidence_store import (
    EmptyEvidence,
    EvidenceTooLarge,
    blob_path,
    sanitise_filename,
    store_bytes,
    store_file,
    verify_blobs,
)
from midora.compliance.models import Evidence


def _big_file(path: Path, megabytes: int) -> str:
    """Write `megabytes` MB of varied content to disk, 1 MB at a time; return its SHA-256."""
    digest = hashlib.sha256()
    with open(path, "wb") as out:
        for index in range(megabytes):
            chunk = index.to_bytes(4, "big") * (256 * 1024)
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def test_identical_content_is_stored_once(settings):
    first = store_bytes(b"Board minutes 2026-03-02")
    second = store_bytes(b"Board minutes 2026-03-02")
    assert first.sha256 == second.sha256 == hashlib.sha256(b"Board minutes 2026-03-02").hexdigest()
    assert first.created and not second.created
    files = [p for p in Path(settings.MIDORA_EVIDENCE_DIR).rglob("*") if p.is_file()]
    assert files == [blob_path(first.sha256)]


def test_streaming_store_of_a_60_mb_file_keeps_memory_small(tmp_path):
    source = tmp_path / "siem-export.log"
    expected = _big_file(source, 60)
    tracemalloc.start()
    try:
        blob = store_file(source)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert blob.sha256 == expected and blob.size == 60 * 1024 * 1024
    assert peak < 8 * 1024 * 1024, f"peak {peak} bytes: the file was read into memory"
    assert blob_path(expected).stat().st_size == blob.size


def test_oversize_is_refused_with_a_clear_message_and_nothing_kept(settings, tmp_path):
    settings.MIDORA_EVIDENCE_MAX_BYTES = 1024 * 1024
    source = tmp_path / "too-big.bin"
    _big_file(source, 2)
    with pytest.raises(EvidenceTooLarge, match=r"larger than the evidence size limit of 1\.0 MB"):
        store_file(source)
    leftovers = [p for p in Path(settings.MIDORA_EVIDENCE_DIR).rglob("*") if p.is_file()]
    assert leftovers == []


def test_empty_file_is_refused():
    with pytest.raises(EmptyEvidence):
        store_bytes(b"")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system.ini", "system.ini"),
        ("/absolute/path/policy.pdf", "policy.pdf"),
        ("..", "evidence"),
        ("", "evidence"),
        ("Politique sécurité<script>.pdf", "Politique securite_script_.pdf"),
        ("report\x00.html", "report_.html"),
    ],
)
def test_file_names_are_sanitised(name, expected):
    assert sanitise_filename(name) == expected


def test_store_paths_come_only_from_digests(settings):
    for bad in ("../../etc/passwd", "a" * 63, "../" + "a" * 61, "A" * 64):
        with pytest.raises(ValueError, match="not a SHA-256 digest"):
            blob_path(bad)
    blob = store_bytes(b"x")
    assert (
        blob_path(blob.sha256)
        .resolve()
        .is_relative_to(Path(settings.MIDORA_EVIDENCE_DIR).resolve())
    )


@pytest.mark.django_db
def test_new_upload_is_a_new_version_and_old_versions_stay(entity, admin_user):
    evidence = Evidence.objects.create(
        entity=entity, title="Access review Q1", effective_from=dt.date(2026, 1, 1)
    )
    v1 = add_version(evidence, store_bytes(b"review v1"), "review.xlsx", user=admin_user)
    v2 = add_version(evidence, store_bytes(b"review v2"), "../review.xlsx", user=admin_user)
    assert (v1.number, v2.number) == (1, 2)
    assert v2.original_name == "review.xlsx" and v2.uploaded_by == admin_user
    assert evidence.latest_version == v2
    assert blob_path(v1.sha256).is_file() and blob_path(v2.sha256).is_file()


@pytest.mark.django_db
def test_verify_detects_a_corrupted_and_a_missing_file(entity, capsys):
    evidence = Evidence.objects.create(
        entity=entity, title="BCP test report", effective_from=dt.date(2026, 1, 1)
    )
    good = add_version(evidence, store_bytes(b"good"), "good.txt")
    corrupt = add_version(evidence, store_bytes(b"will be corrupted"), "c.txt")
    missing = add_version(evidence, store_bytes(b"will be removed"), "m.txt")
    assert main(["evidence", "verify"]) == 0
    assert "3 files" in capsys.readouterr().out

    path = blob_path(corrupt.sha256)
    os.chmod(path, 0o600)
    path.write_bytes(b"tampered")
    blob_path(missing.sha256).unlink()

    report = verify_blobs([good.sha256, corrupt.sha256, missing.sha256])
    assert report.corrupted == [corrupt.sha256] and report.missing == [missing.sha256]
    assert main(["evidence", "verify"]) == 1
    err = capsys.readouterr().err
    assert f"CORRUPTED {corrupt.sha256}" in err and "c.txt" in err
    assert f"MISSING {missing.sha256}" in err and "m.txt" in err
    assert good.sha256 not in err
