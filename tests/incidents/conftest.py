"""Shared fixtures for incident engine tests."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

# Vendored official slices (tests/fixtures/reference/PROVENANCE.md); never read outside the repo.
REFERENCE_DIR = Path(__file__).parents[1] / "fixtures" / "reference"
VECTORS_NAME = "dora-incident-test-vectors.yaml"


def shipped_vectors_path() -> Path:
    return Path(str(resources.files("midora") / "data" / "incidents" / VECTORS_NAME))


def reference_vectors_path() -> Path:
    return REFERENCE_DIR / VECTORS_NAME


def load_vectors() -> dict:
    return yaml.safe_load(reference_vectors_path().read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def vectors_doc() -> dict:
    return load_vectors()
