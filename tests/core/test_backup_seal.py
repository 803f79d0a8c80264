"""A backup's manifest is sealed with a key kept in MIDORA_HOME: content and manifest altered
together are refused, and restore says why."""

import hashlib
import json
import zipfile

import pytest

from midora.cli import main as midora
from midora.core.models import LegalEntity

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def key_file(tmp_path, monkeypatch):
    path = tmp_path / "home" / "backup_key"
    monkeypatch.setenv("MIDORA_BACKUP_KEY_FILE", str(path))
    return path


def _rewrite(archive, target, *, edit_database=True, drop_seal=False):
    """Alter database.json and recompute its SHA-256 in the manifest, as a forger would."""
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(target, "w") as dst:
        manifest = json.loads(src.read("manifest.json"))
        for item in src.infolist():
            if item.filename == "manifest.json":
                continue
            data = src.read(item)
            if item.filename == "database.json" and edit_database:
                data = data.replace(b"Alpha", b"Omega")
                manifest["files"]["database.json"] = hashlib.sha256(data).hexdigest()
            dst.writestr(item, data)
        if drop_seal:
            manifest.pop("hmac_sha256")
        dst.writestr("manifest.json", json.dumps(manifest))


def test_backup_creates_a_private_key_and_seals_the_manifest(entity, tmp_path, key_file):
    archive = tmp_path / "b.zip"
    assert midora(["backup", str(archive)]) == 0
    assert key_file.stat().st_mode & 0o777 == 0o600
    manifest = json.loads(zipfile.ZipFile(archive).read("manifest.json"))
    assert len(manifest["hmac_sha256"]) == 64
    # an untouched archive round-trips
    assert midora(["restore", str(archive)]) == 0


@pytest.mark.parametrize(
    ("drop_seal", "says"), [(False, "does not match the keyed seal"), (True, "no keyed seal")]
)
def test_content_and_manifest_altered_together_are_refused(
    entity, tmp_path, key_file, capsys, drop_seal, says
):
    archive, forged = tmp_path / "b.zip", tmp_path / "forged.zip"
    assert midora(["backup", str(archive)]) == 0
    _rewrite(archive, forged, drop_seal=drop_seal)
    LegalEntity.objects.update(name="Current state")
    capsys.readouterr()
    assert midora(["restore", str(forged)]) == 2
    err = capsys.readouterr().err
    assert says in err and "Nothing was changed" in err
    assert LegalEntity.objects.get().name == "Current state"


def test_another_installation_without_the_key_refuses(entity, tmp_path, key_file, capsys):
    archive = tmp_path / "b.zip"
    assert midora(["backup", str(archive)]) == 0
    key_file.unlink()
    capsys.readouterr()
    assert midora(["restore", str(archive)]) == 2
    assert "has no backup key" in capsys.readouterr().err
