"""Fixtures of the evidence-pack tests: a private MIDORA_HOME (signing key, kept packs) and a
small world of requirements, a shared control and evidence of two entities."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from midora.core.choices import Role
from midora.core.models import LegalEntity
from tests.evidencepacks.world import World, make_world
from tests.factories import make_user


@pytest.fixture(autouse=True)
def _pack_home(settings: Any, tmp_path: Path) -> None:
    settings.HOME = tmp_path / "home"
    settings.HOME.mkdir()


@pytest.fixture
def world(entity: LegalEntity, other_entity: LegalEntity) -> World:
    return make_world(entity, other_entity)


@pytest.fixture
def auditor(entity: LegalEntity) -> Any:
    return make_user("auditor", Role.AUDITOR, [entity])
