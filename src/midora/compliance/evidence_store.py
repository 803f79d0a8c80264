"""Content-addressed evidence store: files kept once per SHA-256 under MIDORA_EVIDENCE_DIR.

Uploads are streamed chunk by chunk into a temporary file in the store while they are hashed and
counted, then renamed to `<aa>/<bb>/<sha256>`; identical content is stored once. Nothing reads a
whole file into memory. Stored names never come from the user, so a file name cannot escape the
store; the original name is kept (sanitised) on the EvidenceVersion record only.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

CHUNK = 1024 * 1024
SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")
_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()+-]+")


class EvidenceTooLarge(ValueError):
    """The upload passed the configured size limit; nothing was kept."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(
            f"The file is larger than the evidence size limit of {format_size(limit)} "
            "(MIDORA_EVIDENCE_MAX_MB); nothing was stored."
        )


class EmptyEvidence(ValueError):
    """An empty upload; nothing was kept."""


def format_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


def store_dir() -> Path:
    return Path(settings.MIDORA_EVIDENCE_DIR)


def max_bytes() -> int:
    return int(settings.MIDORA_EVIDENCE_MAX_BYTES)


def sanitise_filename(name: str, default: str = "evidence") -> str:
    """A plain file name: no directories, no control or shell characters, at most 150 chars."""
    name = unicodedata.normalize("NFKD", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = name.encode("ascii", "ignore").decode("ascii")
    name = _UNSAFE.sub("_", name).strip(" .")
    name = re.sub(r"_+", "_", name)
    if not name or set(name) <= {"_", "."}:
        return default
    stem, dot, extension = name.rpartition(".")
    if dot and len(extension) <= 10 and stem:
        return f"{stem[: 150 - len(extension) - 1]}.{extension}"
    return name[:150]


def blob_path(sha256: str) -> Path:
    """Where the content with this digest lives; refuses anything but a SHA-256 hex digest."""
    return Path(blob_paths([sha256])[0])


def blob_paths(digests: list[str]) -> list[str]:
    """`blob_path` of many digests as strings, written directly (a Path each costs more than
    hashing a small file)."""
    root = os.fspath(store_dir())
    for sha256 in digests:
        if not SHA256_PATTERN.match(sha256 or ""):
            raise ValueError(f"not a SHA-256 digest: {sha256!r}")
    return [os.path.join(root, d[:2], d[2:4], d) for d in digests]


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    created: bool  # False: identical content was already stored


class BlobWriter:
    """Receives chunks, hashes and counts them into a temporary file, then commits or aborts."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = max_bytes() if limit is None else limit
        self.size = 0
        self.digest = hashlib.sha256()
        tmp_dir = store_dir() / "tmp"
        tmp_dir.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=tmp_dir, prefix="upload-")
        self.path = Path(name)
        self.file = os.fdopen(handle, "wb")

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            self.abort()
            raise EvidenceTooLarge(self.limit)
        self.digest.update(chunk)
        self.file.write(chunk)

    def abort(self) -> None:
        if not self.file.closed:
            self.file.close()
        self.path.unlink(missing_ok=True)

    def commit(self, durable: bool = True) -> StoredBlob:
        """Move the content to its address; `durable=False` skips the fsync (bulk generation)."""
        self.file.flush()
        if durable:
            os.fsync(self.file.fileno())
        self.file.close()
        if self.size == 0:
            self.path.unlink(missing_ok=True)
            raise EmptyEvidence("The file is empty; nothing was stored.")
        sha256 = self.digest.hexdigest()
        target = blob_path(sha256)
        if target.exists():
            self.path.unlink(missing_ok=True)
            return StoredBlob(sha256, self.size, created=False)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(self.path, 0o440)
        os.replace(self.path, target)
        return StoredBlob(sha256, self.size, created=True)


def store_chunks(
    chunks: Iterable[bytes], limit: int | None = None, durable: bool = True
) -> StoredBlob:
    """Store the content given chunk by chunk; refuse it past `limit` bytes."""
    writer = BlobWriter(limit)
    try:
        for chunk in chunks:
            writer.write(chunk)
    except EvidenceTooLarge:
        raise
    except BaseException:
        writer.abort()
        raise
    return writer.commit(durable)


def read_chunks(stream: BinaryIO, size: int = CHUNK) -> Iterator[bytes]:
    while True:
        chunk = stream.read(size)
        if not chunk:
            return
        yield chunk


def store_file(path: Path | str, limit: int | None = None) -> StoredBlob:
    with open(path, "rb") as stream:
        return store_chunks(read_chunks(stream), limit)


def store_bytes(content: bytes, limit: int | None = None, durable: bool = True) -> StoredBlob:
    return store_chunks([content], limit, durable)


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in read_chunks(stream):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class VerifyReport:
    checked: int = 0
    bytes_read: int = 0
    missing: list[str] = field(default_factory=list)
    corrupted: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not (self.missing or self.corrupted)


def _digest_of(path: str) -> tuple[str | None, int]:
    """The SHA-256 and size of one stored file, opened once (None when it is missing)."""
    try:
        with open(path, "rb", buffering=0) as stream:
            size = os.fstat(stream.fileno()).st_size
            return hashlib.file_digest(stream, "sha256").hexdigest(), size
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None, 0


def verify_blobs(digests: Iterable[str]) -> VerifyReport:
    """Re-hash every stored file named by its digest; list the missing and the corrupted ones.

    Each file is opened once and hashed by OpenSSL in one thread: the Python work per file is
    what costs on small files, and threads only pass the GIL back and forth (20,000 cached
    files of 1-8 KB: one thread 0.33 s, four 0.47 s, sha256sum 0.38 s; a 64 MB file hashes at
    about 1.5 GB/s either way)."""
    report = VerifyReport()
    wanted = sorted(set(digests))
    for sha256, (found, size) in zip(wanted, map(_digest_of, blob_paths(wanted)), strict=True):
        report.checked += 1
        if found is None:
            report.missing.append(sha256)
            continue
        report.bytes_read += size
        if found != sha256:
            report.corrupted.append(sha256)
    return report
