"""The actor an API call authenticates as ends with the call: nothing done after it (the next
request of the same worker thread, a command) is attributed to that caller."""

from __future__ import annotations

import pytest

from midora.core import audit
from midora.core.choices import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_api_caller_is_not_the_actor_after_the_call(entity, api_for):
    before = audit.current_actor()
    api = api_for(make_user("root", Role.ADMINISTRATOR))
    assert api.get("/api/entities/").status_code == 200
    assert audit.current_actor() == before
    assert audit.current_actor().name != "root"
