"""Where generated board-pack PDFs are kept: MIDORA_HOME/boardpacks/<sha256>.pdf."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings


def pack_dir() -> Path:
    path = Path(settings.MIDORA_EVIDENCE_DIR).parent / "boardpacks"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_pdf(data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    target = pack_dir() / f"{digest}.pdf"
    if not target.exists():
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".pack-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    return digest


def read_pdf(digest: str) -> bytes:
    """The stored PDF, verified against its SHA-256 (raises ValueError when it no longer matches)."""
    data = (pack_dir() / f"{digest}.pdf").read_bytes()
    if hashlib.sha256(data).hexdigest() != digest:
        raise ValueError(f"board pack {digest[:12]}… no longer matches its SHA-256")
    return data
