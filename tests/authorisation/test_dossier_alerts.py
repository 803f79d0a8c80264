"""The dossier as a source of alerts and "my work": an authority's request for information due,
an item assigned (alerted once to the person assigned), and nothing to anyone outside the entity.
Delivered through a real SMTP server and a real HTTP receiver on loopback."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import pytest
from django.utils import timezone

from midora.authorisation import services
from midora.authorisation.models import InformationRequest
from midora.core.choices import Role
from midora.jobs.worker import run_once
from midora.notifications.models import Alert, WebhookEndpoint
from midora.notifications.signing import verify
from tests.factories import make_user
from tests.notifications.receivers import SmtpServer, WebhookReceiver

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def team(applicant: Any, other_entity: Any) -> dict[str, Any]:
    dossier, _ = services.open_dossier(applicant)
    people = {
        "cm": make_user("alpha_cm", Role.COMPLIANCE_MANAGER, [applicant]),
        "drafter": make_user("drafter", Role.CONTRIBUTOR, [applicant]),
        "reviewer": make_user("reviewer", Role.CONTRIBUTOR, [applicant]),
        "outsider": make_user("beta_cm", Role.COMPLIANCE_MANAGER, [other_entity]),
        "dossier": dossier,
    }
    for name in ("cm", "drafter", "reviewer", "outsider"):
        people[name].email = f"{people[name].username}@example.test"
        people[name].save()
    return people


def _to(smtp: SmtpServer, needle: str) -> list[str]:
    return sorted(m["X-Envelope-To"] for m in smtp.messages if needle in m["Subject"])


def test_request_for_information_due_reaches_the_entity_once_signed(team, settings) -> None:
    dossier = team["dossier"]
    item = dossier.items.get(requirement__ref="MICA-RTS305-1.a")
    item.owner = team["drafter"]
    item.save()
    due_on = timezone.localdate() + dt.timedelta(days=5)
    request = InformationRequest.objects.create(
        dossier=dossier,
        reference="AMF-2026-117",
        sent_on=timezone.localdate() - dt.timedelta(days=2),
        due_on=due_on,
        question="Describe the wallet key ceremony.",
    )
    request.items.add(item)
    with SmtpServer() as smtp, WebhookReceiver() as hooks:
        settings.MIDORA_EMAIL_URL = smtp.url
        hook = WebhookEndpoint.objects.create(
            owner=team["cm"],
            name="Ticketing",
            url=hooks.url("/tickets"),
            events=["authorisation.request_due"],
        )
        run_once()
        run_once()

        # the compliance manager (the team) and the item's drafter; never the other entity
        assert _to(smtp, "AMF-2026-117") == ["alpha_cm@example.test", "drafter@example.test"]
        message = next(m for m in smtp.messages if "AMF-2026-117" in m["Subject"])
        assert due_on.isoformat() in message["Subject"]
        assert request.get_absolute_url() in message.get_payload()
        assert len(hooks.requests) == 1
        received = hooks.requests[0]
        assert verify(
            hook.secret, received.headers["X-Midora-Signature"], received.body, int(time.time())
        )
        payload = json.loads(received.body)
        assert payload["event"] == "authorisation.request_due" and payload["lead"] == "7d"
        assert payload["url"].endswith(request.get_absolute_url())
    assert not Alert.objects.filter(recipient=team["outsider"]).exists()
    assert Alert.objects.filter(event="authorisation.request_due").count() == 2

    request.answered_on = timezone.localdate()
    request.save()
    run_once()
    assert Alert.objects.filter(event="authorisation.request_due").count() == 2


def test_item_assigned_alerts_each_assignee_once_and_only_them(team, settings) -> None:
    dossier = team["dossier"]
    item = dossier.items.get(requirement__ref="MICA-RTS305-15.d")
    with SmtpServer() as smtp:
        settings.MIDORA_EMAIL_URL = smtp.url
        item.owner = team["drafter"]
        item.save()
        run_once()
        run_once()
        assert _to(smtp, "MICA-RTS305-15.d") == ["drafter@example.test"]  # not the whole team

        item.reviewer = team["reviewer"]
        item.save()
        run_once()
        assert _to(smtp, "MICA-RTS305-15.d") == ["drafter@example.test", "reviewer@example.test"]

        # someone without access to the entity is assigned: no alert reaches them
        item.reviewer = team["outsider"]
        item.save()
        run_once()
        assert len(smtp.messages) == 2
    assigned = Alert.objects.filter(event="authorisation.item_assigned")
    assert sorted(assigned.values_list("recipient__username", flat=True)) == ["drafter", "reviewer"]
    assert set(assigned.values_list("url", flat=True)) == {item.get_absolute_url()}


def test_my_work_lists_assigned_items_and_requests(team, client_for) -> None:
    dossier = team["dossier"]
    item = dossier.items.get(requirement__ref="MICA-RTS305-17.a")
    item.reviewer = team["reviewer"]
    item.save()
    request = InformationRequest.objects.create(
        dossier=dossier,
        reference="AMF-2026-118",
        sent_on=timezone.localdate() - dt.timedelta(days=20),
        due_on=timezone.localdate() - dt.timedelta(days=1),
        question="Send the transfer rules.",
    )
    request.items.add(item)

    page = client_for(team["reviewer"]).get("/").content.decode()
    assert 'data-section="dossier"' in page
    assert f'href="{item.get_absolute_url()}"' in page and "MICA-RTS305-17.a" in page
    assert f'href="{request.get_absolute_url()}"' in page and "AMF-2026-118" in page
    assert "overdue by" in page  # the request's answer was due yesterday

    outsider = client_for(team["outsider"]).get("/").content.decode()
    assert "MICA-RTS305-17.a" not in outsider and "AMF-2026-118" not in outsider
