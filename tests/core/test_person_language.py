"""A person's language is kept on their profile: chosen in the switcher or on the alert
preferences page, applied to the pages at sign-in on any browser, and used for their e-mails."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from midora.core.choices import Role
from midora.core.languages import language_of
from midora.core.models import UserProfile
from tests.factories import make_user

PASSWORD = "a-long-test-password"


def kept(user) -> str:
    return UserProfile.objects.get(user=user).language


@pytest.mark.django_db
def test_the_switcher_keeps_a_signed_in_persons_choice(client_for, settings) -> None:
    user = make_user("cm", Role.COMPLIANCE_MANAGER)
    assert kept(user) == ""
    assert language_of(user) == settings.LANGUAGE_CODE == "en-gb"
    client = client_for(user)
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "de"
    assert kept(user) == "de"
    assert language_of(UserProfile.objects.get(user=user).user) == "de"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})  # not a language of midora
    assert kept(user) == "de"
    client.post("/i18n/setlang/", {"language": "en-gb", "next": "/"})
    assert kept(user) == "en-gb"


@pytest.mark.django_db
def test_the_switcher_on_the_sign_in_page_keeps_nothing(db) -> None:
    response = Client().post("/i18n/setlang/", {"language": "fr", "next": "/login/"})
    assert response.cookies["django_language"].value == "fr"
    assert not UserProfile.objects.exclude(language="").exists()


@pytest.mark.django_db
def test_sign_in_applies_the_kept_language_on_a_new_browser(settings) -> None:
    user = make_user("cm", Role.COMPLIANCE_MANAGER)
    UserProfile.objects.filter(user=user).update(language="fr")
    browser = Client()
    response = browser.post("/login/", {"username": "cm", "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "fr"
    page = browser.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert '<html lang="fr"' in page.content.decode()


@pytest.mark.django_db
def test_sign_in_without_a_kept_language_leaves_the_browsers(settings) -> None:
    make_user("cm", Role.COMPLIANCE_MANAGER)
    browser = Client()
    response = browser.post("/login/", {"username": "cm", "password": PASSWORD})
    assert response.status_code == 302
    assert "django_language" not in response.cookies
    assert '<html lang="de"' in browser.get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()


def ticked(page: str) -> dict[str, list[str]]:
    """The channel boxes ticked on the preferences page, as the browser posts them back."""
    boxes: dict[str, list[str]] = {}
    for name, value in re.findall(r'name="([^"]+)" value="([^"]+)"[^>]*checked', page):
        boxes.setdefault(name, []).append(value)
    return boxes


@pytest.mark.django_db
def test_the_preferences_page_chooses_and_forgets_the_language(client_for) -> None:
    user = make_user("cm", Role.COMPLIANCE_MANAGER)
    client = client_for(user)
    page = unescape(client.get("/notifications/preferences/").content.decode())
    assert "Language of my e-mails" in page
    assert "The installation's default" in page
    channels = ticked(page)
    assert channels
    response = client.post(
        "/notifications/preferences/", {**channels, "language": "fr"}, follow=True
    )
    assert kept(user) == "fr"
    assert response.redirect_chain[-1][0] == "/notifications/preferences/"
    text = unescape(response.content.decode())
    assert "Langue de mes e-mails" in text  # the page follows the choice at once
    assert "1 modification(s) enregistrée(s)." in text  # the language, no channel
    assert ticked(text) == channels
    response = client.post("/notifications/preferences/", {**channels, "language": ""})
    assert kept(user) == ""
    assert response.cookies["django_language"].value == ""  # deleted: the browser's again
    response = client.post("/notifications/preferences/", {**channels, "language": "xx"})
    assert response.status_code == 200  # refused, nothing kept
    assert kept(user) == ""


@pytest.mark.django_db
def test_a_user_without_a_profile_gets_no_role_from_the_switcher(django_user_model) -> None:
    user = django_user_model.objects.create_user("someone", password=PASSWORD)
    client = Client()
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/login/"})
    assert response.cookies["django_language"].value == "de"
    assert not UserProfile.objects.filter(user=user).exists()
    assert language_of(user) == "en-gb"
