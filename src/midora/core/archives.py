"""Bounded reading of zip and xlsx input: refuse decompression bombs before they cost memory.

Every reader of an uploaded or restored archive goes through :func:`open_zip` (or
:func:`check_archive` before handing a file to a library such as openpyxl). The limits are
checked twice: against the sizes the archive declares (a fast refusal before anything is
decompressed) and against the bytes actually produced while streaming (declared sizes are not
trusted). Nothing here imports Django (pure engines use it); the configured limits come from
:mod:`midora.core.archive_limits`.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from midora.core.engine.sentences import Sentence, _

MB = 1024 * 1024
CHUNK = 1 << 16


class ArchiveLimitError(ValueError):
    """The archive breaks a limit; the message (a `Sentence`, said in the reader's language on a
    page) names the member and the limit."""


@dataclass(frozen=True)
class ArchiveLimits:
    """How much an archive may expand to: total, per member, member count and ratio."""

    max_total_bytes: int = 500 * MB
    max_member_bytes: int = 200 * MB
    max_members: int = 1000
    max_ratio: int = 100
    ratio_floor_bytes: int = 1 * MB
    """The ratio is only checked once a member has expanded beyond this (small files compress
    far better than large ones)."""

    def describe(self) -> str:
        """The limits as people read them."""
        return (
            f"{_mb(self.max_total_bytes)} in total, {_mb(self.max_member_bytes)} per file, "
            f"{self.max_members} files, {self.max_ratio}:1 compression"
        )


def _mb(size: int) -> str:
    return f"{size / MB:g} MB"


class _Budget:
    """Bytes produced so far across the whole archive."""

    def __init__(self, limits: ArchiveLimits, label: str) -> None:
        self.limits, self.label, self.total = limits, label, 0

    def spend(self, member: str, produced: int, compressed: int, amount: int) -> None:
        limits = self.limits
        self.total += amount
        if produced > limits.max_member_bytes:
            raise ArchiveLimitError(
                Sentence(
                    _("%(member)s expands beyond %(size)s (limit per file in an archive)"),
                    member=_base(member),
                    size=_mb(limits.max_member_bytes),
                )
            )
        if self.total > limits.max_total_bytes:
            raise ArchiveLimitError(
                Sentence(
                    _("%(archive)s expands beyond %(size)s in total (reached in %(member)s)"),
                    archive=self.label,
                    size=_mb(limits.max_total_bytes),
                    member=_base(member),
                )
            )
        if produced > limits.ratio_floor_bytes and produced > limits.max_ratio * max(compressed, 1):
            raise ArchiveLimitError(
                Sentence(
                    _(
                        "%(member)s expands more than %(ratio)s times its compressed size "
                        "(limit on the compression ratio)"
                    ),
                    member=_base(member),
                    ratio=str(limits.max_ratio),
                )
            )


def _base(member: str) -> str:
    return member.rstrip("/").rsplit("/", 1)[-1] or member


class BoundedMember(io.RawIOBase):
    """A member's bytes, counted as they are decompressed; ArchiveLimitError past a limit."""

    def __init__(self, raw: IO[bytes], info: zipfile.ZipInfo, budget: _Budget) -> None:
        self._raw, self._info, self._budget, self._produced = raw, info, budget, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        size = len(data)
        if size:
            self._produced += size
            self._budget.spend(self._info.filename, self._produced, self._info.compress_size, size)
            buffer[:size] = data
        return size

    def close(self) -> None:
        self._raw.close()
        super().close()


class BoundedZip:
    """A zip file whose members can only be read within the limits."""

    def __init__(self, archive: zipfile.ZipFile, limits: ArchiveLimits, label: str) -> None:
        self.archive, self.limits, self.label = archive, limits, label
        self._budget = _Budget(limits, label)
        self._check_declared()

    def _check_declared(self) -> None:
        limits, infos = self.limits, self.archive.infolist()
        if len(infos) > limits.max_members:
            raise ArchiveLimitError(
                Sentence(
                    _(
                        "%(archive)s holds %(count)s files, more than %(limit)s (limit on files per archive)"
                    ),
                    archive=self.label,
                    count=str(len(infos)),
                    limit=str(limits.max_members),
                )
            )
        declared = 0
        for info in infos:
            # Declared sizes give a fast refusal; streaming re-checks the real bytes.
            declared += info.file_size
            _Budget(limits, self.label).spend(
                info.filename, info.file_size, info.compress_size, info.file_size
            )
            if declared > limits.max_total_bytes:
                raise ArchiveLimitError(
                    Sentence(
                        _("%(archive)s expands beyond %(size)s in total"),
                        archive=self.label,
                        size=_mb(limits.max_total_bytes),
                    )
                )

    def infolist(self) -> list[zipfile.ZipInfo]:
        """The members (as the central directory lists them)."""
        return self.archive.infolist()

    def namelist(self) -> list[str]:
        """The member names."""
        return self.archive.namelist()

    def open(self, name: str | zipfile.ZipInfo) -> io.BufferedReader:
        """A buffered, bounded reader of one member (KeyError if absent)."""
        info = name if isinstance(name, zipfile.ZipInfo) else self.archive.getinfo(name)
        return io.BufferedReader(BoundedMember(self.archive.open(info), info, self._budget), CHUNK)

    def read(self, name: str) -> bytes:
        """A whole member (for small report files), within the limits."""
        with self.open(name) as handle:
            return handle.read()

    def scan(self) -> None:
        """Decompress every member, discarding the bytes: proves the whole archive is in bounds."""
        for info in self.archive.infolist():
            if info.is_dir():
                continue
            with self.open(info) as handle:
                while handle.read(CHUNK):
                    pass

    def close(self) -> None:
        """Close the underlying zip file."""
        self.archive.close()

    def __enter__(self) -> BoundedZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _label(source: str | Path | BinaryIO) -> str:
    if isinstance(source, str | Path):
        return Path(source).name
    name = getattr(source, "name", "")
    return Path(str(name)).name if name else Sentence(_("the archive"))


def open_zip(source: str | Path | BinaryIO, limits: ArchiveLimits | None = None) -> BoundedZip:
    """Open a zip for bounded reading; zipfile.BadZipFile/OSError if unreadable,
    ArchiveLimitError if its declared sizes already break a limit."""
    archive = zipfile.ZipFile(source)
    try:
        return BoundedZip(archive, limits or ArchiveLimits(), _label(source))
    except ArchiveLimitError:
        archive.close()
        raise


def check_archive(source: str | Path | BinaryIO, limits: ArchiveLimits | None = None) -> None:
    """Refuse (ArchiveLimitError) a zip or xlsx file that expands beyond the limits.

    For libraries that open the archive themselves (openpyxl): every member is decompressed
    once, counted and discarded; a file object is rewound afterwards.
    """
    position = None if isinstance(source, str | Path) else source.tell()
    try:
        with open_zip(source, limits) as bounded:
            bounded.scan()
    finally:
        if position is not None:
            source.seek(position)  # type: ignore[union-attr]
