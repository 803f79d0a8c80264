"""Fixtures of the compliance tests: the shipped catalogues and library loaded into the database."""

from __future__ import annotations

from typing import Any

import pytest

from midora.compliance.catalogue_loader import load_catalogue_files, load_shipped_library


@pytest.fixture
def catalogues(db: Any) -> None:
    load_catalogue_files()


@pytest.fixture
def library(catalogues: None, entity: Any, other_entity: Any) -> None:
    """Shipped catalogues and controls; each control applies to both test entities."""
    load_shipped_library()
