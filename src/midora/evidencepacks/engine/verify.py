#!/usr/bin/env python3
"""Verify a midora evidence pack offline: each file's size and SHA-256, the Merkle root over the
manifest (the RFC 6962 tree hash), the Ed25519 signature of that root, and the audit extract.

    python verify.py                       # inside the unpacked pack
    python verify.py PACK.zip              # or a pack file / another unpacked folder
    python verify.py PACK.zip --public-key midora-pack-key.pem

It needs only Python 3.9 or later; checking the signature also needs the `cryptography` package
(`pip install cryptography`), and the verifier says so when it is missing.
Exit status: 0 the pack verifies; 1 a problem was found (each one is named); 2 no problem was
found but the signature could not be checked. midora ships this same file in every pack and its
`midora pack verify` command runs it too. The format is described in docs/evidence-packs.md.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

FORMAT = "midora-evidence-pack/1"
MANIFEST = "manifest.json"
SIGNATURE = "signature.json"
UNLISTED = (MANIFEST, SIGNATURE)  # the only files the manifest cannot list
MANIFEST_LIMIT = 256 * 1024 * 1024
CHUNK = 1024 * 1024
GENESIS_HASH = "0" * 64
AUDIT_FIELDS = (
    "sequence",
    "occurred_at",
    "actor",
    "actor_id",
    "source",
    "action",
    "record_type",
    "record_id",
    "record_label",
    "changes",
)
# DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw 32-byte key follows it.
ED25519_SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")


# --- the format's hashes -----------------------------------------------------------------------


def canonical_json(value: Any) -> str:
    """Keys sorted, no spaces, UTF-8 kept: the exact text every hash of the format covers."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    """The only byte form manifest.json may have: readable, and unique for a given content."""
    return (json.dumps(manifest, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode()


def manifest_leaves(manifest: dict[str, Any]) -> list[bytes]:
    """Leaf 0: the manifest without its file list; then one leaf per file entry, in order."""
    header = {k: v for k, v in manifest.items() if k != "files"}
    entries = manifest.get("files") or []
    return [canonical_json(item).encode() for item in [header, *entries]]


def merkle_root(leaves: list[bytes]) -> bytes:
    """The Merkle Tree Hash of RFC 6962 section 2.1 (leaf 0x00, node 0x01 prefixes)."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    level = [hashlib.sha256(b"\x00" + leaf).digest() for leaf in leaves]
    return _subtree(level)


def _subtree(hashes: list[bytes]) -> bytes:
    if len(hashes) == 1:
        return hashes[0]
    split = 1
    while split * 2 < len(hashes):
        split *= 2
    left, right = _subtree(hashes[:split]), _subtree(hashes[split:])
    return hashlib.sha256(b"\x01" + left + right).digest()


def manifest_root(manifest: dict[str, Any]) -> str:
    return merkle_root(manifest_leaves(manifest)).hex()


def audit_event_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    """An audit event's chain hash: SHA-256 of the previous hash followed by the event's JSON."""
    return hashlib.sha256((prev_hash + canonical_json(payload)).encode("utf-8")).hexdigest()


def key_fingerprint(raw_public_key: bytes) -> str:
    """SHA-256 of the raw 32-byte Ed25519 public key, in hex."""
    return hashlib.sha256(raw_public_key).hexdigest()


def raw_key_from_pem(text: str) -> bytes:
    """The raw Ed25519 key of a PEM public key file (needs no library)."""
    body = "".join(
        line.strip() for line in text.strip().splitlines() if line and not line.startswith("-----")
    )
    try:
        der = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("the public key file is not PEM (base64) text") from exc
    if len(der) != 44 or not der.startswith(ED25519_SPKI_PREFIX):
        raise ValueError("the public key file does not hold an Ed25519 public key")
    return der[len(ED25519_SPKI_PREFIX) :]


def signature_valid(raw_public_key: bytes, signature: bytes, message: bytes) -> bool | None:
    """True or False; None when the `cryptography` package is not installed."""
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    except ImportError:
        return None
    try:
        Ed25519PublicKey.from_public_bytes(raw_public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


# --- reading a pack: a zip file or an unpacked folder -------------------------------------------


class PackSource:
    """The files of a pack by their path inside it (POSIX separators)."""

    problems: list[str]

    def names(self) -> list[str]:
        raise NotImplementedError

    def open(self, name: str) -> IO[bytes]:
        raise NotImplementedError

    def close(self) -> None:
        return None


class ZipSource(PackSource):
    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        self.problems = []
        self.entries: dict[str, zipfile.ZipInfo] = {}
        for info in self.zip.infolist():
            if info.is_dir():
                continue
            if info.filename in self.entries:
                self.problems.append(f"DUPLICATE {info.filename}: stored twice in the archive")
            self.entries[info.filename] = info

    def names(self) -> list[str]:
        return sorted(self.entries)

    def open(self, name: str) -> IO[bytes]:
        return self.zip.open(self.entries[name])

    def close(self) -> None:
        self.zip.close()


class FolderSource(PackSource):
    def __init__(self, path: Path) -> None:
        self.root = path
        self.problems = []

    def names(self) -> list[str]:
        return sorted(
            p.relative_to(self.root).as_posix()
            for p in self.root.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        )

    def open(self, name: str) -> IO[bytes]:
        return open(self.root / name, "rb")


def open_pack(path: Path) -> PackSource:
    if path.is_dir():
        return FolderSource(path)
    if not zipfile.is_zipfile(path):
        raise ValueError(f"{path} is neither a zip file nor an unpacked pack folder")
    return ZipSource(path)


def safe_path(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not name.startswith("/") and ".." not in parts and "\\" not in name


def hash_stream(stream: IO[bytes], limit: int) -> tuple[str, int]:
    """SHA-256 and size, reading at most `limit` + 1 bytes (so a bomb cannot run on)."""
    digest, size = hashlib.sha256(), 0
    while size <= limit:
        chunk = stream.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            break
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


# --- the verification ---------------------------------------------------------------------------


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files: int = 0
    bytes: int = 0
    audit_events: int = 0
    root: str = ""
    signed_root: str = ""
    fingerprint: str = ""
    signature: str = "not checked"  # valid | invalid | not checked
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and self.signature == "valid"

    @property
    def exit_status(self) -> int:
        if self.problems:
            return 1
        return 0 if self.signature == "valid" else 2


def _read_json(source: PackSource, name: str, report: Report) -> tuple[Any, bytes] | None:
    label = "SIGNATURE" if name == SIGNATURE else "MANIFEST"
    with source.open(name) as stream:
        raw = stream.read(MANIFEST_LIMIT + 1)
    if len(raw) > MANIFEST_LIMIT:
        report.problems.append(f"{label} {name}: larger than {MANIFEST_LIMIT} bytes")
        return None
    try:
        return json.loads(raw.decode("utf-8")), raw
    except (UnicodeDecodeError, ValueError) as exc:
        report.problems.append(f"{label} {name}: not valid JSON ({exc})")
        return None


def _check_manifest(manifest: Any, raw: bytes, report: Report) -> list[dict[str, Any]]:
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
        report.problems.append(f"MANIFEST {MANIFEST}: no list of files")
        return []
    if manifest.get("format") != FORMAT:
        report.problems.append(
            f"MANIFEST {MANIFEST}: format {manifest.get('format')!r} is not {FORMAT!r}"
        )
    if manifest_bytes(manifest) != raw:
        report.problems.append(
            f"MANIFEST {MANIFEST}: its bytes are not in the pack's canonical form "
            "(the manifest was edited after the pack was built)"
        )
    entries, seen = [], set()
    for number, entry in enumerate(manifest["files"], start=1):
        path = entry.get("path") if isinstance(entry, dict) else None
        if not isinstance(path, str) or not safe_path(path) or path in UNLISTED:
            report.problems.append(f"MANIFEST {MANIFEST}: file entry {number} has a bad path")
            continue
        if path in seen:
            report.problems.append(f"MANIFEST {MANIFEST}: {path} is listed twice")
            continue
        size, digest = entry.get("size"), entry.get("sha256")
        if not isinstance(size, int) or size < 0 or not isinstance(digest, str):
            report.problems.append(f"MANIFEST {MANIFEST}: {path} lacks a size or a SHA-256")
            continue
        seen.add(path)
        entries.append(entry)
    return entries


def _check_files(source: PackSource, entries: list[dict[str, Any]], report: Report) -> None:
    present = set(source.names())
    listed = {e["path"] for e in entries}
    for entry in entries:
        path = entry["path"]
        if path not in present:
            report.problems.append(f"MISSING {path}: listed in the manifest, not in the pack")
            continue
        with source.open(path) as stream:
            digest, size = hash_stream(stream, entry["size"])
        report.files += 1
        report.bytes += size
        if size != entry["size"]:
            report.problems.append(
                f"TAMPERED {path}: {size if size <= entry['size'] else 'more than ' + str(entry['size'])}"
                f" bytes, the manifest says {entry['size']}"
            )
        elif digest != entry["sha256"]:
            report.problems.append(
                f"TAMPERED {path}: SHA-256 {digest} differs from the manifest's {entry['sha256']}"
            )
    for name in sorted(present - listed - set(UNLISTED)):
        report.problems.append(f"EXTRA {name}: in the pack but not in the manifest")
    for name in UNLISTED:
        if name not in present:
            report.problems.append(f"MISSING {name}: every pack has one")


def _check_signature(source: PackSource, report: Report, public_key_pem: str | None) -> None:
    if SIGNATURE not in source.names():
        return
    loaded = _read_json(source, SIGNATURE, report)
    if loaded is None:
        return
    sig = loaded[0] if isinstance(loaded[0], dict) else {}
    if manifest_bytes(sig) != loaded[1]:
        report.problems.append(
            f"SIGNATURE {SIGNATURE}: its bytes are not in the pack's canonical form (edited)"
        )
    report.signed_root = str(sig.get("merkle_root", ""))
    if report.root and report.signed_root != report.root:
        report.problems.append(
            f"ROOT: the manifest's Merkle root {report.root} differs from the signed root "
            f"{report.signed_root} (the manifest or {SIGNATURE} was edited)"
        )
    try:
        embedded = base64.b64decode(str(sig.get("public_key", "")), validate=True)
        signature = base64.b64decode(str(sig.get("signature", "")), validate=True)
    except (binascii.Error, ValueError):
        report.problems.append(f"SIGNATURE {SIGNATURE}: the key or signature is not base64")
        return
    key = embedded
    if public_key_pem is not None:
        try:
            key = raw_key_from_pem(public_key_pem)
        except ValueError as exc:
            report.problems.append(f"SIGNATURE --public-key: {exc}")
            return
        if key != embedded:
            report.problems.append(
                f"SIGNATURE: the pack was signed by key {key_fingerprint(embedded)}, "
                f"not by the given key {key_fingerprint(key)}"
            )
    report.fingerprint = key_fingerprint(key)
    if len(key) != 32 or len(signature) != 64:
        report.problems.append(f"SIGNATURE {SIGNATURE}: malformed Ed25519 key or signature")
        report.signature = "invalid"
        return
    valid = signature_valid(key, signature, report.signed_root.encode("ascii", "replace"))
    if valid is None:
        report.notes.append(
            "The signature was NOT checked: the Python package 'cryptography' is missing "
            "(pip install cryptography); every other check ran."
        )
        return
    report.signature = "valid" if valid else "invalid"
    if not valid:
        report.problems.append(
            f"SIGNATURE {SIGNATURE}: not a valid Ed25519 signature of the root by key "
            f"{report.fingerprint}"
        )


def _check_audit(
    source: PackSource, manifest: dict[str, Any], listed: set[str], report: Report
) -> None:
    audit = manifest.get("audit")
    if not isinstance(audit, dict):
        report.problems.append(f"MANIFEST {MANIFEST}: no audit section")
        return
    name = audit.get("file")
    if name not in listed:
        report.problems.append(f"MANIFEST {MANIFEST}: the audit extract {name!r} is not listed")
        return
    if name not in source.names():
        return  # already reported as missing
    where = f"AUDIT {name}"
    previous: tuple[int, str] | None = None
    count = 0
    with source.open(name) as stream:
        for line_no, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            count += 1
            try:
                event = json.loads(line.decode("utf-8"))
                payload = {key: event[key] for key in AUDIT_FIELDS}
                sequence, prev_hash, own = int(event["sequence"]), event["prev_hash"], event["hash"]
            except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
                report.problems.append(f"{where} line {line_no}: not an audit event ({exc})")
                continue
            label = f"{where} line {line_no} (event #{sequence})"
            if audit_event_hash(prev_hash, payload) != own:
                report.problems.append(f"{label}: its content does not match its chain hash")
            if previous is not None:
                if sequence <= previous[0]:
                    report.problems.append(f"{label}: out of order after event #{previous[0]}")
                elif sequence == previous[0] + 1 and prev_hash != previous[1]:
                    report.problems.append(
                        f"{label}: its previous hash is not the hash of event #{previous[0]}"
                    )
            elif sequence == 1 and prev_hash != GENESIS_HASH:
                report.problems.append(f"{label}: the first event must follow the genesis hash")
            previous = (sequence, own)
    report.audit_events = count
    if count != audit.get("events"):
        report.problems.append(
            f"{where}: holds {count} events, the manifest says {audit.get('events')}"
        )
    head = audit.get("chain_head") or {}
    if previous is not None and previous[0] > int(head.get("sequence") or 0):
        report.problems.append(f"{where}: event #{previous[0]} is past the stated chain head")


def verify_pack(path: Path | str, public_key_pem: str | None = None) -> Report:
    """Check everything a pack claims; every problem found is named in `Report.problems`."""
    report = Report()
    try:
        source = open_pack(Path(path))
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        report.problems.append(f"PACK {path}: cannot be read ({exc})")
        return report
    try:
        report.problems.extend(source.problems)
        for name in source.names():
            if not safe_path(name):
                report.problems.append(f"UNSAFE {name}: a path that leaves the pack")
        if MANIFEST not in source.names():
            report.problems.append(f"MISSING {MANIFEST}: nothing can be checked without it")
            return report
        loaded = _read_json(source, MANIFEST, report)
        if loaded is None:
            return report
        manifest, raw = loaded
        entries = _check_manifest(manifest, raw, report)
        if isinstance(manifest, dict):
            report.manifest = manifest
            report.root = manifest_root(manifest)
        _check_files(source, entries, report)
        _check_signature(source, report, public_key_pem)
        if isinstance(manifest, dict):
            _check_audit(source, manifest, {e["path"] for e in entries}, report)
    finally:
        source.close()
    return report


def summary_lines(report: Report) -> list[str]:
    lines = list(report.problems)
    lines += report.notes
    pack = report.manifest.get("pack", {}) if report.manifest else {}
    if pack:
        lines.append(
            f"Pack {pack.get('id')} built {pack.get('built_at')} by {pack.get('built_by')} "
            f"for {pack.get('recipient')}."
        )
    lines.append(
        f"{report.files} files ({report.bytes} bytes) hashed; {report.audit_events} audit events "
        f"checked; Merkle root {report.root or '-'}; signature {report.signature}"
        + (f" (key {report.fingerprint})" if report.fingerprint else "")
        + (
            " for the signed root, which the manifest no longer gives"
            if report.signed_root and report.root and report.signed_root != report.root
            else ""
        )
        + "."
    )
    if report.problems:
        lines.append(f"Pack NOT verified: {len(report.problems)} problem(s).")
    elif report.signature == "valid":
        lines.append(
            "Pack verified. Compare the key fingerprint with the one its issuer publishes "
            "(`midora pack key`)."
        )
    else:
        lines.append("No problem found, but the pack is not fully verified (signature unchecked).")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify a midora evidence pack offline.")
    parser.add_argument(
        "pack", nargs="?", help="the pack (.zip) or unpacked folder; default: this file's folder"
    )
    parser.add_argument("--public-key", help="the issuer's public key (PEM) to check against")
    args = parser.parse_args(argv)
    target = Path(args.pack) if args.pack else Path(__file__).resolve().parent
    pem = Path(args.public_key).read_text() if args.public_key else None
    report = verify_pack(target, pem)
    for line in summary_lines(report):
        print(line)
    return report.exit_status


if __name__ == "__main__":
    sys.exit(main())
