"""Every edit form, submitted unchanged exactly as a browser submits it, changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from midora.core import audit
from midora.core.models import AuditEvent
from tests.generic.browser_form import parse_form
from tests.generic.discovery import mounted_registers
from tests.generic.enrolment import params

EDITABLE = sorted(k for k, m in mounted_registers().items() if "edit" in m.url_names)
SAMPLE = 6


def fullest_records(model: type[models.Model], count: int) -> list[models.Model]:
    """The records with the most fields filled in (they exercise the most inputs), spread out."""
    rows = list(model._default_manager.order_by("pk")[:400])
    nullable = [f for f in model._meta.concrete_fields if f.null or f.blank]

    def filled(obj: models.Model) -> int:
        return sum(getattr(obj, f.attname) not in (None, "", [], {}) for f in nullable)

    best = sorted(rows, key=lambda o: (-filled(o), o.pk))[: count - 2]
    spread = [rows[0], rows[-1]] if rows else []
    return list({o.pk: o for o in [*best, *spread]}.values())


def state(obj: models.Model) -> tuple[Any, ...]:
    """Everything an edit could touch: the row, its version and its links."""
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    links = {
        f.name: sorted(getattr(fresh, f.name).values_list("pk", flat=True))
        for f in fresh._meta.many_to_many
    }
    return audit.snapshot(fresh), fresh.version, links


@pytest.mark.parametrize("key", params(EDITABLE, "round_trip"))
def test_unchanged_form_changes_nothing(world: Any, key: str) -> None:
    register = mounted_registers()[key].register
    client = Client()
    client.force_login(world.users["administrator"])
    records = fullest_records(register.model, SAMPLE)
    assert records, f"the demo has no {register.verbose_name} to edit"
    problems = []
    for obj in records:
        before = state(obj)
        last_event = AuditEvent.objects.order_by("-sequence").values_list("sequence").first()
        url = reverse(register.url_name("edit"), args=[obj.pk])
        page = client.get(url)
        assert page.status_code == 200, url
        form = parse_form(page.content.decode())
        response = client.post(form.action or url, form.data())
        after = state(obj)
        new_events = AuditEvent.objects.filter(sequence__gt=(last_event or [0])[0])
        if response.status_code != 302:
            problems.append(f"{url}: answered {response.status_code} (dropped: {form.dropped})")
        elif before != after or new_events.exists():
            changed = audit.diff(before[0], after[0])
            problems.append(
                f"{url}: changed {changed or ''} version {before[1]}->{after[1]} "
                f"links {before[2] != after[2]} events {list(new_events.values('changes'))[:3]}"
                f" (dropped by the browser: {form.dropped})"
            )
    assert not problems, "\n".join(problems)
