"""Writing a pack archive in one pass: every file streamed into the zip while it is hashed, then
the manifest, its Merkle root and the signature. Memory stays bounded by one chunk per file."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from midora.evidencepacks.engine.verify import (
    FORMAT,
    MANIFEST,
    SIGNATURE,
    manifest_bytes,
    manifest_root,
)

STORED_SUFFIXES = (".pdf", ".zip", ".png", ".jpg", ".jpeg", ".gz", ".xlsx", ".docx")


class PackWriteError(Exception):
    """A file could not be put into the pack as recorded (e.g. a damaged stored file)."""


class PackWriter:
    """Adds files to a zip, keeping each one's manifest entry (path, size, SHA-256, details)."""

    def __init__(self, path: Path, built_at: dt.datetime) -> None:
        self.zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.stamp = built_at.timetuple()[:6]
        self.entries: list[dict[str, Any]] = []

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.external_attr = 0o644 << 16
        stored = name.lower().endswith(STORED_SUFFIXES) or name.startswith("evidence/")
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        return info

    def add_stream(
        self, name: str, chunks: Iterable[bytes], expected_sha256: str = "", **details: Any
    ) -> dict[str, Any]:
        digest, size = hashlib.sha256(), 0
        with self.zip.open(self._info(name), "w", force_zip64=True) as target:
            for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
        sha256 = digest.hexdigest()
        if expected_sha256 and sha256 != expected_sha256:
            raise PackWriteError(
                f"{name}: the stored file's SHA-256 is {sha256}, its record says "
                f"{expected_sha256} (run `midora evidence verify`)"
            )
        entry = {"path": name, "size": size, "sha256": sha256, **details}
        self.entries.append(entry)
        return entry

    def add_bytes(self, name: str, data: bytes, **details: Any) -> dict[str, Any]:
        return self.add_stream(name, [data], **details)

    def finish(
        self, header: dict[str, Any], sign: Callable[[str], bytes], public_key: bytes
    ) -> tuple[str, dict[str, Any]]:
        """Write manifest.json and signature.json; return the Merkle root and the manifest."""
        manifest = {**header, "format": FORMAT}
        manifest["files"] = sorted(self.entries, key=lambda e: e["path"])
        root = manifest_root(manifest)
        self.zip.writestr(self._info(MANIFEST), manifest_bytes(manifest))
        signature = {
            "format": FORMAT,
            "merkle_root": root,
            "algorithm": "Ed25519",
            "signed_message": "the 64 ASCII characters of merkle_root",
            "signature": base64.b64encode(sign(root)).decode("ascii"),
            "public_key": base64.b64encode(public_key).decode("ascii"),
        }
        self.zip.writestr(self._info(SIGNATURE), manifest_bytes(signature))
        self.zip.close()
        return root, manifest

    def abort(self) -> None:
        self.zip.close()
