"""Nothing mounted escapes the generic suite: every register and every API operation is enrolled."""

from __future__ import annotations

from pathlib import Path

from tests.generic.discovery import api_operations, mounted_registers
from tests.generic.enrolment import CASES, OTHER_OPERATIONS

ROOT = Path(__file__).resolve().parents[2]


def crud_paths() -> set[tuple[str, str]]:
    claimed = set()
    for case in CASES:
        if case.api:
            claimed |= {("GET", case.api), ("POST", case.api)}
            claimed |= {(m, case.api + "{pk}") for m in ("GET", "PUT", "PATCH", "DELETE")}
    return claimed


def test_every_mounted_register_is_enrolled() -> None:
    enrolled = {case.register for case in CASES}
    missing = sorted(set(mounted_registers()) - enrolled)
    assert not missing, (
        f"registers mounted but not enrolled in tests/generic/enrolment.py: {missing}"
    )
    stale = sorted(enrolled - set(mounted_registers()))
    assert not stale, f"enrolled registers that are no longer mounted: {stale}"


def test_every_api_operation_is_enrolled() -> None:
    claimed = crud_paths() | {
        tuple(op.split(" ", 1)) for ops in OTHER_OPERATIONS.values() for op in ops
    }
    published = {(op.method, op.path) for op in api_operations()}
    missing = sorted(f"{m} {p}" for m, p in published - claimed)
    assert not missing, f"API operations not enrolled in tests/generic/enrolment.py: {missing}"
    for module in OTHER_OPERATIONS:
        assert (ROOT / module).exists(), f"{module} (claimed as covering API operations) is gone"


def test_every_enrolled_collection_is_published() -> None:
    published = {(op.method, op.path) for op in api_operations()}
    for case in CASES:
        if case.api:
            assert ("GET", case.api) in published, f"{case.register}: {case.api} is not published"
