"""Every vendored reference file is listed in PROVENANCE.md with its true SHA-256 (and only those)."""

from __future__ import annotations

import hashlib
import re

from tests.reference import REFERENCE

LINE = re.compile(
    r"^- `(?P<file>[^`]+)`: (?P<source>\S+), (?P<date>\d{4}-\d{2}-\d{2}), sha256 `(?P<sha>[0-9a-f]{64})`"
)


def _listed() -> dict[str, str]:
    text = (REFERENCE / "PROVENANCE.md").read_text(encoding="utf-8")
    return {m["file"]: m["sha"] for m in map(LINE.match, text.splitlines()) if m}


def test_every_vendored_file_has_its_provenance_and_checksum():
    listed = _listed()
    on_disk = {
        p.relative_to(REFERENCE).as_posix()
        for p in REFERENCE.rglob("*")
        if p.is_file() and p.name != "PROVENANCE.md"
    }
    assert on_disk == set(listed), "PROVENANCE.md and tests/fixtures/reference/ disagree"
    for name, sha in listed.items():
        assert hashlib.sha256((REFERENCE / name).read_bytes()).hexdigest() == sha, name
