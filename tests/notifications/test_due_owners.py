"""A due item names the record's owner among the people who answer for it; a record no one owns
names no one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from midora.core.choices import Role
from midora.core.due_registry import due_items
from tests.factories import make_user
from tests.governance.test_actions import make_action
from tests.resilience.test_programme import make_test

pytestmark = pytest.mark.django_db


def _owners(event: str) -> dict[str, tuple[int, ...]]:
    items = due_items(timezone.now(), dt.timedelta(days=30))
    return {str(i.title): i.owner_ids for i in items if i.event == event}


def test_due_items_name_the_owner_or_no_one(entity):
    owner = make_user("ciso", Role.COMPLIANCE_MANAGER, [entity])
    late = timezone.localdate() - dt.timedelta(days=2)
    make_action(entity, "ictrisk.risk", title="Owned", due_date=late, owner=owner)
    make_action(entity, "ictrisk.risk", title="Unowned", due_date=late)
    make_test(entity, title="Failover", status="planned", planned_date=late, owner=owner)
    actions = _owners("action.overdue")
    assert actions[f"Action “Owned” overdue since {late.isoformat()}"] == (owner.pk,)
    assert actions[f"Action “Unowned” overdue since {late.isoformat()}"] == ()
    tests = _owners("resilience.test_due")
    assert tests == {f"Test “Failover” was planned for {late.isoformat()}": (owner.pk,)}
