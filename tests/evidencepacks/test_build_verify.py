"""A pack of one entity's DORA requirements: what it holds, and that tampering of any kind is
named by the in-process verifier, the shipped verify.py and `midora pack verify`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import midora
from midora.core.models import AuditEvent
from midora.evidencepacks.build import Recipient, build_pack
from midora.evidencepacks.engine.selection import Selection
from midora.evidencepacks.engine.verify import verify_pack
from midora.evidencepacks.keys import public_key
from midora.evidencepacks.models import IssuedPack
from tests.evidencepacks.helpers import flip_last_byte, rewrite

pytestmark = pytest.mark.django_db
SRC = Path(midora.__file__).resolve().parents[1]


def _build(user, tmp_path: Path, **selection) -> tuple[IssuedPack, Path]:
    output = tmp_path / "pack.zip"
    pack = build_pack(
        user, Selection.parse(**selection), Recipient("AMF supervision", "annual review"), output
    )
    return pack, output


def _run_verify_py(pack: Path, tmp_path: Path, *args: str, env: dict | None = None):
    folder = tmp_path / f"unpacked-{pack.stem}"
    with zipfile.ZipFile(pack) as archive:
        archive.extractall(folder)
    return subprocess.run(
        [sys.executable, "verify.py", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env or {"PATH": os.environ["PATH"]},
        check=False,
    )


def _run_cli(pack: Path, tmp_path: Path, *args: str):
    home = tmp_path / f"empty-home-{pack.stem}"
    home.mkdir()
    env = {"PATH": os.environ["PATH"], "MIDORA_HOME": str(home), "PYTHONPATH": str(SRC)}
    result = subprocess.run(
        [sys.executable, "-m", "midora.cli", "pack", "verify", str(pack), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return result, home


def test_dora_pack_of_one_entity_holds_its_evidence_only(world, compliance_user, tmp_path):
    pack, path = _build(compliance_user, tmp_path, regime="DORA", entity=world.entity.lei)
    report = verify_pack(path)
    assert report.problems == [] and report.signature == "valid", report.problems
    assert report.root == pack.merkle_root
    manifest = report.manifest
    evidence = [f for f in manifest["files"] if f["kind"] == "evidence"]
    assert [e["evidence"]["id"] for e in evidence] == [world.evidence.pk]
    assert evidence[0]["requirements"] == ["DORA-5.1", "DORA-9.2"]  # never the MiCA one
    assert evidence[0]["evidence"]["approved_on"] == "2026-01-15"
    assert evidence[0]["evidence"]["version"] == 1
    with zipfile.ZipFile(path) as archive:
        mappings = json.loads(archive.read("records/mappings.json"))
        assert {m["requirement_ref"] for m in mappings} == {"DORA-5.1", "DORA-9.2"}
        assert all(m["rationale"].startswith("Reviews access") for m in mappings)
        events = [json.loads(line) for line in archive.read("audit/events.jsonl").splitlines()]
        assert {"compliance.evidence", "compliance.mapping"} <= {e["record_type"] for e in events}
        assert all(
            e["record_id"] != str(world.other_evidence.pk)
            for e in events
            if e["record_type"] == "compliance.evidence"
        )
        assert (
            archive.read("verify.py")
            == (SRC / "midora/evidencepacks/engine/verify.py").read_bytes()
        )
        assert archive.read("index.pdf").startswith(b"%PDF")
        assert b"DORA-5.1" in archive.read("index.html")
    assert pack.evidence_files == 1 and pack.key_fingerprint == public_key().fingerprint


def test_build_is_an_audited_event_holding_the_root(world, compliance_user, tmp_path):
    pack, _path = _build(compliance_user, tmp_path, regime="DORA", entity=world.entity.lei)
    event = AuditEvent.objects.get(record_type="evidencepacks.issuedpack", record_id=str(pack.pk))
    assert event.actor == "compliance"
    assert event.changes["merkle_root"] == pack.merkle_root
    assert event.changes["recipient"] == "AMF supervision"
    assert event.changes["purpose"] == "annual review"
    assert event.changes["selection"] == {"regime": "DORA", "entity": world.entity.lei}
    assert event.changes["entities"] == [world.entity.lei]


def test_shipped_verifier_and_cli_verify_on_an_empty_home(world, compliance_user, tmp_path):
    _pack, path = _build(compliance_user, tmp_path, regime="DORA", entity=world.entity.lei)
    shipped = _run_verify_py(path, tmp_path)
    assert shipped.returncode == 0, shipped.stdout
    assert "Pack verified" in shipped.stdout
    cli, home = _run_cli(path, tmp_path)
    assert cli.returncode == 0, cli.stdout + cli.stderr
    assert "Pack verified" in cli.stdout and "No midora database here" in cli.stdout
    assert not (home / "midora.sqlite3").exists()


def _tampered(path: Path, tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Each way of tampering, with the pack it gives and the text that must name it."""
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n not in ("manifest.json", "signature.json")]
        evidence = next(n for n in names if n.startswith("evidence/"))
    cases: dict[str, tuple[Path, str]] = {}
    for name in names:
        label = f"byte of {name}"
        target = tmp_path / f"t{len(cases)}.zip"
        rewrite(path, target, lambda n, d, name=name: flip_last_byte(d) if n == name else d)
        cases[label] = (target, f"TAMPERED {name}")
    cases["removed evidence"] = (
        rewrite(path, tmp_path / "removed.zip", lambda n, d: None if n == evidence else d),
        f"MISSING {evidence}",
    )
    cases["added file"] = (
        rewrite(path, tmp_path / "added.zip", add={"evidence/extra.pdf": b"%PDF extra"}),
        "EXTRA evidence/extra.pdf",
    )

    def edit_manifest(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["pack"]["recipient"] = "someone else"
        return (json.dumps(manifest, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode()

    cases["edited manifest"] = (rewrite(path, tmp_path / "manifest.zip", edit_manifest), "ROOT:")
    cases["signature byte"] = (
        rewrite(
            path,
            tmp_path / "sbyte.zip",
            lambda n, d: flip_last_byte(d) if n == "signature.json" else d,
        ),
        "SIGNATURE signature.json",
    )
    cases["manifest byte"] = (
        rewrite(path, tmp_path / "mbyte.zip", lambda n, d: d + b" " if n == "manifest.json" else d),
        "MANIFEST manifest.json",
    )
    return cases


def test_any_tampering_is_named_by_both_verifiers(world, compliance_user, tmp_path):
    _pack, path = _build(compliance_user, tmp_path, regime="DORA", entity=world.entity.lei)
    cases = _tampered(path, tmp_path)
    assert len(cases) > 20  # every file of the pack is tampered with once
    for label, (tampered, expected) in cases.items():
        report = verify_pack(tampered)
        assert report.exit_status == 1, label
        assert any(expected in p for p in report.problems), (label, report.problems)
        shipped = _run_verify_py(tampered, tmp_path)
        if "verify.py" not in label:  # a tampered verifier proves nothing about itself
            assert shipped.returncode == 1, (label, shipped.stdout)
            assert expected in shipped.stdout, (label, shipped.stdout)
    for label in ("removed evidence", "edited manifest"):
        cli, _home = _run_cli(cases[label][0], tmp_path)
        assert cli.returncode == 1, cli.stdout
        assert cases[label][1] in cli.stdout


def test_resigned_pack_is_refused_against_the_issuers_key(world, compliance_user, tmp_path):
    """Someone rebuilds the root and signs with their own key: the issuer's key refuses it."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from midora.evidencepacks.engine.verify import manifest_bytes, manifest_root

    _pack, path = _build(compliance_user, tmp_path, regime="DORA", entity=world.entity.lei)
    forger = Ed25519PrivateKey.generate()
    from cryptography.hazmat.primitives import serialization

    raw = forger.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    manifest["pack"]["recipient"] = "forged"
    root = manifest_root(manifest)
    import base64

    signature = {
        "merkle_root": root,
        "signature": base64.b64encode(forger.sign(root.encode())).decode(),
        "public_key": base64.b64encode(raw).decode(),
    }

    def forge(name: str, data: bytes) -> bytes:
        if name == "manifest.json":
            return manifest_bytes(manifest)
        if name == "signature.json":
            return manifest_bytes(signature)
        return data

    forged = rewrite(path, tmp_path / "forged.zip", forge)
    key_file = tmp_path / "issuer.pem"
    key_file.write_text(public_key().pem)
    assert verify_pack(forged).signature == "valid"  # self-consistent ...
    report = verify_pack(forged, key_file.read_text())
    assert report.exit_status == 1  # ... but not by the issuer's key
    assert any("not by the given key" in p for p in report.problems)
    shipped = _run_verify_py(forged, tmp_path, "--public-key", str(key_file))
    assert shipped.returncode == 1 and "not by the given key" in shipped.stdout


def test_missing_cryptography_is_said_and_not_a_pass(world, compliance_user, tmp_path):
    _pack, path = _build(compliance_user, tmp_path, regime="DORA", entity=world.entity.lei)
    blocker = tmp_path / "no-crypto" / "cryptography"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('cryptography is not installed')\n")
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(blocker.parent)}
    shipped = _run_verify_py(path, tmp_path, env=env)
    assert shipped.returncode == 2, shipped.stdout
    assert "'cryptography' is missing" in shipped.stdout
