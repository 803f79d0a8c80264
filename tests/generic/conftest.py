"""The generic suite runs on the demo group (scale 1), loaded once for the package inside a
transaction that is rolled back at the end; each test runs in a savepoint of its own."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction

from midora.core.choices import Role
from midora.core.models import LegalEntity

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass
class DemoWorld:
    """The demo group plus one user per role, every scoped role granted only `granted`."""

    granted: LegalEntity
    users: dict[str, Any]


ROLES = {
    "administrator": Role.ADMINISTRATOR,
    "compliance_manager": Role.COMPLIANCE_MANAGER,
    "contributor": Role.CONTRIBUTOR,
    "auditor": Role.AUDITOR,
    "board_member": Role.BOARD_MEMBER,
}


@pytest.fixture(scope="package")
def demo_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[DemoWorld]:
    from django.conf import settings
    from django.test.utils import override_settings

    from midora.core.demo_loader import load_demo
    from tests.factories import make_user

    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo(scale=1, seed=2026, password="a-long-test-password")
            # the first operating CASP (the holding runs no functions of its own)
            granted = LegalEntity.objects.filter(functions__isnull=False).order_by("pk")[0]
            users = {
                name: make_user(f"generic-{name}", role, [granted]) for name, role in ROLES.items()
            }
            assert settings.DATABASES
            yield DemoWorld(granted=granted, users=users)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def world(demo_world: DemoWorld, db: Any) -> DemoWorld:
    """The demo world inside this test's savepoint (changes vanish after the test)."""
    for user in demo_world.users.values():
        user.__dict__.pop("_granted_entity_ids", None)
    return demo_world
