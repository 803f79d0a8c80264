"""Small builders for test records (valid LEIs, users with a role and entities)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from midora.core.accounts import create_user
from midora.core.demo import make_lei
from midora.core.models import LegalEntity

_counter = itertools.count(1)


def make_entity(name: str, country: str = "FR", **fields: Any) -> LegalEntity:
    number = next(_counter)
    entity = LegalEntity(
        name=name, lei=make_lei("9695", f"TEST{number:08d}"), country=country, **fields
    )
    entity.full_clean()
    entity.save()
    return entity


def make_user(username: str, role: str, entities: Iterable[LegalEntity] = ()) -> Any:
    return create_user(
        username,
        password="a-long-test-password",
        role=role,
        entities=list(entities),
        check_password=False,
    )


@contextmanager
def demo_loaded_once(django_db_blocker: Any, today: str | None = None) -> Iterator[Any]:
    """The demo group loaded once for a whole test module (or session), inside a transaction
    that is rolled back afterwards, the way Django's ``setUpTestData`` works: each test's ``db``
    transaction nests in it as a savepoint, so every test sees the demo unchanged and leaves
    nothing behind, and the demo is built once instead of once per test."""
    from django.db import transaction

    from midora.core.demo_loader import load_demo

    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        if today:
            patch.setenv("MIDORA_DEMO_TODAY", today)
        patch.setenv("MIDORA_DEMO_PASSWORD", "a-long-test-password")
        outer = transaction.atomic()
        outer.__enter__()
        try:
            summary = load_demo(scale=1, seed=7)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield summary
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
