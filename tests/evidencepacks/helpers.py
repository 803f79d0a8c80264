"""Rewriting a pack zip with one change (a tampered, removed or added file)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path


def rewrite(
    source: Path,
    target: Path,
    change: Callable[[str, bytes], bytes | None] = lambda name, data: data,
    add: dict[str, bytes] | None = None,
) -> Path:
    """Copy a pack, passing each file through `change` (None drops it) and adding `add`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info.filename, data)
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return target


def flip_last_byte(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 0x01])
