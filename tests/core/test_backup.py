"""`midora backup` / `midora restore`: round trip, and a damaged archive refused with nothing changed."""

import json
import zipfile

import pytest
from django.conf import settings

from midora.cli import main as midora
from midora.core import audit
from midora.core.models import AuditEvent, BusinessFunction, LegalEntity

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def populated(entity, compliance_user):
    BusinessFunction.objects.create(
        entity=entity, identifier="F-1", name="Custody", crypto_services=["custody"]
    )
    evidence = settings.MIDORA_EVIDENCE_DIR / "ab" / "abcdef"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"board minutes 2026-10")
    return evidence


def test_round_trip(populated, tmp_path, capsys):
    archive = tmp_path / "snapshot.zip"
    assert midora(["backup", str(archive)]) == 0
    events_before = AuditEvent.objects.count()
    # change everything after the snapshot, then restore it
    LegalEntity.objects.update(name="Changed after backup")
    BusinessFunction.objects.all().delete()
    populated.unlink()
    assert midora(["restore", str(archive)]) == 0
    assert LegalEntity.objects.get().name == "Alpha CASP SAS"
    function = BusinessFunction.objects.get()
    assert function.crypto_services == ["custody"] and function.version == 1
    assert populated.read_bytes() == b"board minutes 2026-10"
    assert AuditEvent.objects.count() == events_before
    assert audit.verify_chain().intact
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="compliance").profile.entities.count() == 1
    manifest = json.loads(zipfile.ZipFile(archive).read("manifest.json"))
    assert set(manifest["files"]) == {"database.json", "evidence/ab/abcdef"}


def _corrupt(archive, member, target):
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == member:
                data = data.replace(b"Alpha", b"Omega")
            dst.writestr(item, data)


@pytest.mark.parametrize("damage", ["content", "truncated", "missing-member"])
def test_damaged_archive_is_refused_and_nothing_changes(populated, tmp_path, capsys, damage):
    archive, damaged = tmp_path / "ok.zip", tmp_path / "damaged.zip"
    assert midora(["backup", str(archive)]) == 0
    if damage == "content":
        _corrupt(archive, "database.json", damaged)
    elif damage == "truncated":
        damaged.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    else:
        with zipfile.ZipFile(archive) as src, zipfile.ZipFile(damaged, "w") as dst:
            for item in src.infolist():
                if item.filename != "evidence/ab/abcdef":
                    dst.writestr(item, src.read(item))
    LegalEntity.objects.update(name="Current state")
    capsys.readouterr()
    assert midora(["restore", str(damaged)]) == 2
    err = capsys.readouterr().err
    assert "Nothing was changed" in err
    assert LegalEntity.objects.get().name == "Current state"
    assert BusinessFunction.objects.count() == 1


def test_restore_recreates_histories_exactly(populated, entity, tmp_path, capsys):
    from midora.ictrisk.models import ICTAsset

    asset = ICTAsset.objects.create(entity=entity, name="Wallet cluster")
    asset.functions.add(BusinessFunction.objects.get())
    trail = list(AuditEvent.objects.order_by("sequence").values_list("sequence", "hash"))
    archive = tmp_path / "snapshot.zip"
    assert midora(["backup", str(archive)]) == 0
    assert midora(["restore", str(archive)]) == 0
    assert list(AuditEvent.objects.order_by("sequence").values_list("sequence", "hash")) == trail
    assert midora(["audit", "verify"]) == 0  # the rows equal what the restored trail records
