"""A major incident's initial-notification alert reaches the entity's compliance users by e-mail
and webhook exactly once, signed, and never anyone without access to that entity."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import pytest
from django.utils import timezone

from midora.cli import main as cli_main
from midora.core.choices import Role
from midora.jobs.worker import run_once
from midora.notifications.models import Alert, Delivery, WebhookEndpoint
from midora.notifications.signing import verify
from tests.factories import make_entity, make_user
from tests.incidents.app_fixtures import record
from tests.notifications.receivers import SmtpServer, WebhookReceiver

pytestmark = pytest.mark.django_db(transaction=True)


def recent_timeline() -> dict[str, dt.datetime]:
    now = timezone.now().replace(microsecond=0)
    return {
        "occurred_at": now - dt.timedelta(hours=2),
        "detected_at": now - dt.timedelta(hours=1, minutes=50),
        "aware_at": now - dt.timedelta(hours=1, minutes=45),
        "classified_at": now - dt.timedelta(hours=1),
    }


@pytest.fixture
def people(settings: Any) -> dict[str, Any]:
    alpha, beta = make_entity("Alpha CASP SAS", "FR"), make_entity("Beta CASP GmbH", "DE")
    people = {
        "alpha_cm": make_user("alpha_cm", Role.COMPLIANCE_MANAGER, [alpha]),
        "beta_cm": make_user("beta_cm", Role.COMPLIANCE_MANAGER, [beta]),
        "alpha_auditor": make_user("alpha_auditor", Role.AUDITOR, [alpha]),
        "board": make_user("board", Role.BOARD_MEMBER, [alpha]),
        "alpha": alpha,
        "beta": beta,
    }
    for name in ("alpha_cm", "beta_cm", "alpha_auditor", "board"):
        user = people[name]
        user.email = f"{name}@example.test"
        user.save()
    return people


def test_initial_deadline_alert_by_email_and_webhook_once(people, settings) -> None:
    with SmtpServer() as smtp, WebhookReceiver() as hooks:
        settings.MIDORA_EMAIL_URL = smtp.url
        settings.MIDORA_EMAIL_FROM = "alerts@midora.test"
        alpha_hook = WebhookEndpoint.objects.create(
            owner=people["alpha_cm"], name="SIEM", url=hooks.url("/alpha")
        )
        WebhookEndpoint.objects.create(owner=people["beta_cm"], name="Chat", url=hooks.url("/beta"))
        incident = record(people["alpha_cm"], people["alpha"], timeline=recent_timeline())
        assert incident.is_major

        run_once()
        run_once()  # a second run (or a second worker) sends nothing again

        major = [m for m in smtp.messages if "classified as major" in m["Subject"]]
        assert [m["X-Envelope-To"] for m in major] == ["alpha_cm@example.test"]
        body = major[0].get_payload()
        assert incident.reference in major[0]["Subject"]
        deadline = Alert.objects.get(key__endswith=":major", recipient=people["alpha_cm"]).due_at
        assert deadline.strftime("%Y-%m-%d %H:%M") in body
        assert incident.get_absolute_url() in body
        recipients = {m["X-Envelope-To"] for m in smtp.messages}
        assert recipients == {"alpha_cm@example.test"}  # beta, auditor and board: nothing

        assert {r.path for r in hooks.requests} == {"/alpha"}
        major_hooks = [r for r in hooks.requests if json.loads(r.body)["event"] == "incident.major"]
        assert len(major_hooks) == 1
        hook = major_hooks[0]
        assert verify(
            alpha_hook.secret, hook.headers["X-Midora-Signature"], hook.body, int(time.time())
        )
        assert not verify(
            "another-secret", hook.headers["X-Midora-Signature"], hook.body, int(time.time())
        )
        payload = json.loads(hook.body)
        assert payload["title"].startswith(
            f"{incident.reference} · Alpha CASP SAS classified as major"
        )
        assert payload["url"].endswith(incident.get_absolute_url())
        assert dt.datetime.fromisoformat(payload["due_at"]) == deadline

    assert not Alert.objects.filter(recipient=people["beta_cm"]).exists()
    assert not Alert.objects.filter(recipient=people["board"]).exists()
    assert Alert.objects.filter(recipient=people["alpha_cm"], key__endswith=":major").count() == 1
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_webhook_retries_with_backoff_and_logs_each_attempt(people, settings) -> None:
    settings.MIDORA_EMAIL_URL = ""
    with WebhookReceiver(statuses=[503]) as hooks:
        endpoint = WebhookEndpoint.objects.create(
            owner=people["alpha_cm"],
            name="SIEM",
            url=hooks.url("/alpha"),
            events=["incident.major"],
        )
        record(people["alpha_cm"], people["alpha"], timeline=recent_timeline())
        run_once()
        delivery = Delivery.objects.get(endpoint=endpoint)
        assert (delivery.status, delivery.attempts, delivery.response_status) == (
            "retrying",
            1,
            503,
        )
        assert delivery.next_attempt_at > timezone.now() + dt.timedelta(seconds=50)
        run_once()  # the retry is not due yet
        assert len(hooks.requests) == 1

        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_once()
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.response_status) == ("sent", 2, 200)
        assert len(hooks.requests) == 2
        # the filter: only incident.major reaches this endpoint, not the report-due alerts
        assert {json.loads(r.body)["event"] for r in hooks.requests} == {"incident.major"}


def test_worker_once_command_sends_the_email(people, settings, capsys) -> None:
    with SmtpServer() as smtp:
        settings.MIDORA_EMAIL_URL = smtp.url
        incident = record(people["alpha_cm"], people["alpha"], timeline=recent_timeline())
        assert cli_main(["worker", "--once"]) == 0
        subjects = [m["Subject"] for m in smtp.messages]
        assert any(incident.reference in s and "initial notification due" in s for s in subjects)
    assert "Ran the periodic checks" in capsys.readouterr().out
