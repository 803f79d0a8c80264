"""Archives that break the size limits, for the tests of the bounded readers."""

from __future__ import annotations

import io
import zipfile


def with_filler(archive: bytes, size: int, name: str = "xl/media/filler.bin") -> bytes:
    """`archive` (a zip or xlsx file) with one more member of `size` zero bytes, compressed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr(name, b"\0" * size, zipfile.ZIP_DEFLATED)
    return out.getvalue()
