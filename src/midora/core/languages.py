"""Each person's language: chosen in the switcher or on the alert preferences page, kept on their
profile, applied at sign-in (the language cookie) and used for the e-mails midora sends them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ObjectDoesNotExist
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.views.i18n import set_language as django_set_language

from midora.core.models import UserProfile

# set on the request at sign-in; LocaleMiddleware writes it into the language cookie
SIGN_IN_LANGUAGE = "midora_sign_in_language"


def supported(code: str | None) -> str:
    """The code if it is one of the installation's languages, else ""."""
    return code if code and code in dict(settings.LANGUAGES) else ""


def stored_language(user: Any) -> str:
    """The language the person chose (kept on their profile), or "" when they chose none."""
    try:
        return supported(user.profile.language)
    except (ObjectDoesNotExist, AttributeError):
        return ""


def language_of(user: Any) -> str:
    """The language to address the person in: their choice, else the installation's default."""
    return stored_language(user) or settings.LANGUAGE_CODE


def remember(user: Any, code: str) -> bool:
    """Keep the person's choice ("" forgets it: the installation's default again). A user without
    a profile keeps nothing: making one here would give them a role."""
    return bool(UserProfile.objects.filter(user=user).update(language=supported(code)))


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switcher, which also keeps a signed-in person's choice."""
    response = django_set_language(request)
    code = supported(request.POST.get("language"))
    user = getattr(request, "user", None)
    if request.method == "POST" and code and user is not None and user.is_authenticated:
        remember(user, code)
    return response


def set_cookie(response: HttpResponse, code: str) -> None:
    """The language cookie, as Django's switcher writes it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def pages_follow(response: HttpResponse, code: str) -> None:
    """This browser's pages follow a choice: the language chosen, or for none the browser's."""
    if code:
        set_cookie(response, code)
    else:
        response.delete_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )


@receiver(user_logged_in)
def apply_at_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """A person who chose a language gets it in this browser too, from the sign-in on."""
    code = stored_language(user)
    if request is not None and code:
        setattr(request, SIGN_IN_LANGUAGE, code)
