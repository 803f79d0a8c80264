"""The layout rules of the codebase: small modules, no folder that tooling takes for vendored code."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

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


# The 0.1.0 baseline (docs/ARCHITECTURE.md, "Migrations"): one schema migration per app, plus the
# authority-profile data step and the decision-to-risk link created once both tables exist.
BASELINE_EXTRAS = {"core/0002_authority_profiles.py", "governance/0002_initial.py"}
# Steps added since the baseline, in order; each is listed under "Migrations" there too.
SINCE_BASELINE = {
    "compliance/0002_evidence_review_due.py",
    "compliance/0003_result_suggestion_sentence.py",
    "core/0003_userprofile_language.py",
    "incidents/0002_classification_sentences.py",
    "incidents/0003_incident_reference_width.py",
    "jobs/0002_job_error_sentence.py",
    "jobs/0003_job_stage_and_result_label_sentences.py",
    "notifications/0002_alert_title_sentence.py",
}


def test_migrations_are_the_release_baseline():
    found = {f"{path.parent.parent.name}/{path.name}" for path in SRC.glob("*/migrations/0*.py")}
    apps = {path.parent.parent.name for path in SRC.glob("*/migrations/__init__.py")}
    baseline = {f"{app}/0001_initial.py" for app in apps} | BASELINE_EXTRAS
    assert found == baseline | SINCE_BASELINE


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
