"""Alert titles in the reader's language, their English kept as it was.

The due modules write each title as a `Sentence`: its text is the English the worker stores in
`Alert.title` and sends by e-mail and webhook, and the alert keeps its template and values
(`Alert.title_sentence`), so that the alerts page and *My work* say it in German and French. An
alert stored before titles were kept that way shows its stored English title.
"""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest
from django.utils import timezone

from midora.core.choices import Role
from midora.governance.models import Action
from midora.notifications.checks import run_checks
from midora.notifications.models import Alert
from midora.reviews.choices import ReviewKind
from midora.reviews.models import ReviewSchedule
from tests.factories import make_entity, make_user

NOW = dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC)
SAID = {
    "en": [
        "Action “Rotate the signing keys” overdue since 2026-12-01",
        "Policy review “Yearly policy review” overdue since 2026-12-05",
        "Register of Information of Alpha CASP SAS: reference date 2026-12-31",
    ],
    "de": [
        "Abhilfemaßnahme „Rotate the signing keys“ überfällig seit 2026-12-01",
        "Überprüfung einer Leitlinie „Yearly policy review“ überfällig seit 2026-12-05",
        "Informationsregister von Alpha CASP SAS: Stichtag 2026-12-31",
    ],
    "fr": [
        "Mesure corrective « Rotate the signing keys » en retard depuis le 2026-12-01",
        "Revue d'une politique « Yearly policy review » en retard depuis le 2026-12-05",
        "Registre d'informations de Alpha CASP SAS : date de référence 2026-12-31",
    ],
}
ENGLISH_WORDS = ("overdue since", "Policy review", "reference date", "Register of Information of")


@pytest.fixture
def raised():
    """An overdue action, an overdue policy review and the register's reference date, alerted."""
    alpha = make_entity("Alpha CASP SAS")
    cm = make_user("alpha_cm", Role.COMPLIANCE_MANAGER, [alpha])
    Action.objects.create(
        entity=alpha, title="Rotate the signing keys", due_date=dt.date(2026, 12, 1), owner=cm
    )
    ReviewSchedule.objects.create(
        entity=alpha,
        kind=ReviewKind.POLICY,
        title="Yearly policy review",
        next_due=dt.date(2026, 12, 5),
        owner=cm,
    )
    assert run_checks(NOW).alerts == 3
    return cm


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_alerts_page_says_the_titles_in_the_readers_language(language, raised, client_for) -> None:
    page = client_for(raised).get("/notifications/", HTTP_ACCEPT_LANGUAGE=language)
    text = unescape(page.content.decode())
    for title in SAID[language]:
        assert title in text
    if language != "en":
        assert not [w for w in ENGLISH_WORDS if w in text]
    # The stored title, sent by e-mail and webhook and given by the API, stays English.
    assert sorted(Alert.objects.values_list("title", flat=True)) == sorted(SAID["en"])


MY_WORK = {
    "de": "Abhilfemaßnahme „Rotate the signing keys“ überfällig seit {date}",
    "fr": "Mesure corrective « Rotate the signing keys » en retard depuis le {date}",
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "fr"])
def test_my_work_says_due_titles_in_the_readers_language(language, client_for) -> None:
    alpha = make_entity("Alpha CASP SAS")
    cm = make_user("alpha_cm", Role.COMPLIANCE_MANAGER, [alpha])
    due = timezone.localdate() - dt.timedelta(days=3)
    Action.objects.create(entity=alpha, title="Rotate the signing keys", due_date=due, owner=cm)
    page = client_for(cm).get("/", HTTP_ACCEPT_LANGUAGE=language)
    text = unescape(page.content.decode())
    assert MY_WORK[language].format(date=due.isoformat()) in text
    assert "overdue since" not in text


@pytest.mark.django_db
def test_an_alert_stored_without_its_sentence_shows_its_stored_title(client_for) -> None:
    alpha = make_entity("Alpha CASP SAS")
    cm = make_user("alpha_cm", Role.COMPLIANCE_MANAGER, [alpha])
    Alert.objects.create(
        key="governance.action:1:overdue:2026-12-01",
        lead="overdue",
        event="action.overdue",
        recipient=cm,
        title="Action “Rotate the signing keys” overdue since 2026-12-01",
        url="/governance/actions/1/",
    )
    page = client_for(cm).get("/notifications/", HTTP_ACCEPT_LANGUAGE="de")
    assert "Action “Rotate the signing keys” overdue since 2026-12-01" in unescape(
        page.content.decode()
    )
