"""The layout rules of the codebase: small modules, no folder that tooling takes for vendored code,
a choices module in every app that has closed lists."""

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


def test_every_app_with_closed_lists_has_a_choices_module():
    for app in (p for p in SRC.iterdir() if (p / "apps.py").is_file()):
        sources = [p.read_text(encoding="utf-8") for p in app.rglob("*.py")]
        defines_choices = any(
            "models.TextChoices" in s or "models.IntegerChoices" in s for s in sources
        )
        if defines_choices:
            assert (app / "choices.py").is_file(), app.name
            outside = [
                p.relative_to(SRC)
                for p in app.rglob("*.py")
                if p.name != "choices.py"
                and "(models.TextChoices)" in p.read_text(encoding="utf-8")
            ]
            assert outside == [], f"closed lists outside {app.name}/choices.py: {outside}"
