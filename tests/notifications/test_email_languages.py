"""Alert e-mails in each recipient's language: the same alert reaches a German, a French and an
English reader over a real SMTP server on loopback, each in their own language; a person who
chose none gets the installation's default, English, exactly as before. Webhooks stay English."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from midora.core.choices import Role
from midora.core.languages import remember
from midora.notifications.checks import run_checks
from midora.notifications.models import Delivery, WebhookEndpoint
from midora.notifications.tasks import deliver
from tests.factories import make_entity, make_user
from tests.notifications.receivers import SmtpServer, WebhookReceiver

NOW = dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC)
REGISTER = {
    "en": "[midora] Register of Information of Alpha CASP SAS: reference date 2026-12-31",
    "de": "[midora] Informationsregister von Alpha CASP SAS: Stichtag 2026-12-31",
    "fr": "[midora] Registre d'informations de Alpha CASP SAS : date de référence 2026-12-31",
}
ACTION = {
    "de": "[midora] Abhilfemaßnahme „Rotate the signing keys“ überfällig seit 2026-12-01",
    "fr": "[midora] Mesure corrective « Rotate the signing keys » en retard depuis le 2026-12-01",
}
# the English e-mail as it was before e-mails followed the recipient's language
ENGLISH_BODY = """Register of Information of Alpha CASP SAS: reference date 2026-12-31

Entity: Alpha CASP SAS ({lei})
Due: 2026-12-31 23:59 UTC

Open the record: http://testserver/third-parties/roi/?entity={pk}&date=2026-12-31

You receive this e-mail because you may see this record in midora and chose (or your role
defaults to) e-mail for "roi.reference_date" alerts. Change that at http://testserver/notifications/preferences/

"""
WORDS = {
    "de": (
        "Unternehmen: Alpha CASP SAS",
        "Fällig: 2026-12-31",
        "Datensatz öffnen:",
        "Sie erhalten",
    ),
    "fr": ("Entité : Alpha CASP SAS", "Échéance : 2026-12-31", "Ouvrir l'enregistrement :"),
}
ENGLISH = ("Entity:", "Due:", "Open the record:", "You receive this e-mail")


@pytest.fixture
def readers(settings: Any) -> dict[str, Any]:
    """Four compliance managers of one entity: German, French, English by choice, and none."""
    settings.MIDORA_BASE_URL = "http://testserver"
    alpha = make_entity("Alpha CASP SAS")
    people = {}
    for name, language in (("de", "de"), ("fr", "fr"), ("en", "en-gb"), ("unset", "")):
        user = make_user(f"cm_{name}", Role.COMPLIANCE_MANAGER, [alpha])
        user.email = f"cm_{name}@example.test"
        user.save()
        if language:
            remember(user, language)
        people[name] = user
    people["alpha"] = alpha
    return people


def send_all() -> None:
    """What the worker does for each queued delivery."""
    for pk in Delivery.objects.order_by("pk").values_list("pk", flat=True):
        deliver.call(delivery_id=pk)


def text_of(message: Any) -> str:
    return message.get_content().replace("\r\n", "\n")


def inbox(smtp: SmtpServer) -> dict[str, list[Any]]:
    by_person: dict[str, list[Any]] = {}
    for message in smtp.messages:
        name = message["X-Envelope-To"].removeprefix("cm_").removesuffix("@example.test")
        by_person.setdefault(name, []).append(message)
    return by_person


@pytest.mark.django_db
def test_each_reader_gets_the_alert_e_mail_in_their_language(readers, settings) -> None:
    from midora.governance.models import Action

    Action.objects.create(
        entity=readers["alpha"],
        title="Rotate the signing keys",
        due_date=dt.date(2026, 12, 1),
        owner=readers["de"],
    )
    with SmtpServer() as smtp:
        settings.MIDORA_EMAIL_URL = smtp.url
        run_checks(NOW)
        send_all()
        received = inbox(smtp)

    lei = readers["alpha"].lei
    for name in ("de", "fr"):
        # a long encoded subject is folded before its first word: a mail client unfolds it
        subjects = sorted(m["Subject"].strip() for m in received[name])
        assert REGISTER[name] in subjects
        assert ACTION[name] in subjects
        register = next(m for m in received[name] if m["Subject"].strip() == REGISTER[name])
        assert register["Content-Language"] == name
        body = text_of(register)
        assert body.startswith(REGISTER[name].removeprefix("[midora] ") + "\n")
        assert f"({lei})" in body
        for word in WORDS[name]:
            assert word in body
        for word in ENGLISH:
            assert word not in body
        assert not [s for s in subjects if "overdue" in s or "Register of" in s]

    for name in ("en", "unset"):
        [message] = [m for m in received[name] if "Register" in m["Subject"]]
        assert message["Subject"] == REGISTER["en"]
        assert message["Content-Language"] == "en-gb"
        assert text_of(message) == ENGLISH_BODY.format(lei=lei, pk=readers["alpha"].pk)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_a_german_readers_webhook_stays_english(readers, settings) -> None:
    settings.MIDORA_EMAIL_URL = ""
    with WebhookReceiver() as hooks:
        WebhookEndpoint.objects.create(owner=readers["de"], name="SIEM", url=hooks.url("/de"))
        run_checks(NOW)
        send_all()
    [hook] = hooks.requests
    assert json.loads(hook.body)["title"] == REGISTER["en"].removeprefix("[midora] ")
