"""Small builders for test records (valid LEIs, users with a role and entities)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

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
def demo_loaded_once(
    django_db_blocker: Any, today: str | None = None, seed: int = 2026
) -> Iterator[Any]:
    """The demo group loaded once for a whole test module (or session), inside a transaction
    that is rolled back afterwards, the way Django's ``setUpTestData`` works: each test's ``db``
    transaction nests in it as a savepoint, so every test sees the demo unchanged and leaves
    nothing behind, and the demo is built once instead of once per test (and loaded for real once
    per test worker: tests/demo_snapshot.py). The default seed is the one the generic and browser
    tests load, so that a worker loads it for real once for all of them."""
    from django.db import transaction

    from tests.demo_snapshot import load_demo_once

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            summary = load_demo_once(seed=seed, password="a-long-test-password", today=today)
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
