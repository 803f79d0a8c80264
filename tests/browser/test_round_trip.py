"""In real Chromium, open the edit form of a record of each area on the demo, save it without
touching anything, and find the record exactly as it was (fields, version, links, no event)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from midora.core import audit
from midora.core.models import AuditEvent
from tests.browser.conftest import PASSWORD
from tests.generic.discovery import mounted_registers
from tests.generic.test_round_trip import fullest_records, state

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

# one register of each area, chosen for its dates, lists and long texts
AREA_RECORDS = [
    "core:businessfunction",
    "core:serviceoffering",
    "compliance:evidence",
    "ictrisk:risk",
    "incidents:cyberthreat",
    "suppliers:contractualarrangement",
    "resilience:resiliencetest",
    "governance:action",
    "governance:decision",
]


def test_saving_unchanged_forms_changes_nothing(page, login):
    from tests.demo_snapshot import load_demo_once

    load_demo_once(seed=2026, password=PASSWORD)
    login("admin")
    registers = mounted_registers()
    for key in AREA_RECORDS:
        register = registers[key].register
        for obj in fullest_records(register.model, 3):
            before = state(obj)
            last = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True)[0]
            page.goto(reverse(register.url_name("edit"), args=[obj.pk]))
            with page.expect_navigation():
                page.get_by_role("button", name="Save").click()
            assert "/edit/" not in page.url, f"{key} #{obj.pk}: {page.inner_text('main')[:500]}"
            after = state(obj)
            assert after == before, (key, obj.pk, audit.diff(before[0], after[0]))
            assert not AuditEvent.objects.filter(sequence__gt=last).exists(), (key, obj.pk)
