"""The layout rules of the codebase: small modules, no folder that tooling takes for vendored code."""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "midora"
MAX_LINES = 600


def test_no_module_over_600_lines_outside_migrations():
    long = {
        str(path.relative_to(SRC)): n
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_folder_named_like_vendored_code():
    names = {p.name.lower().replace("_", "") for p in SRC.rglob("*") if p.is_dir()}
    assert not names & {"thirdparty", "vendor", "vendored"}
