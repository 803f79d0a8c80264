"""Small builders for test records (valid LEIs, users with a role and entities)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
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
