"""The web pages' URLs: login, the core pages, each app's pages under its own prefix.

`midora.urls` adds the API. A process that only links web pages (the board pack command) reverses
against this module and never imports the API's routers and schemas."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

from midora.core.languages import set_language
from midora.core.sso import MidoraOIDCCallbackView, MidoraOIDCRequestView
from midora.core.views.signin import SignInView

APP_PREFIXES = {
    "compliance": "compliance/",
    "ictrisk": "ict-risk/",
    "incidents": "incidents/",
    "suppliers": "third-parties/",
    "resilience": "resilience/",
    "governance": "governance/",
    "authorisation": "authorisation/",
    "boardpack": "board/",
    "evidencepacks": "packs/",
    "jobs": "jobs/",
    "notifications": "notifications/",
    "reviews": "reviews/",
}

urlpatterns = [
    path("login/", SignInView.as_view(), name="login"),
    path(
        "oidc/authenticate/",
        login_not_required(MidoraOIDCRequestView.as_view()),
        name="oidc_authentication_init",
    ),
    path(
        "oidc/callback/",
        login_not_required(MidoraOIDCCallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # the language switcher (also on the sign-in page): stores the choice in a cookie and,
    # for a signed-in person, on their profile (the language of their e-mails)
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("favicon.ico", RedirectView.as_view(url="/static/core/favicon.svg")),
    path("", include("midora.core.urls")),
]

for config in apps.get_app_configs():
    prefix = APP_PREFIXES.get(config.label)
    if prefix and config.name.startswith("midora.") and find_spec(f"{config.name}.urls"):
        urlpatterns.append(path(prefix, include(import_module(f"{config.name}.urls"))))
