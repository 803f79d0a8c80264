"""Single sign-on with OpenID Connect (mozilla-django-oidc), configured by the environment.

mozilla-django-oidc runs the authorisation-code flow (state, nonce, PKCE, the ID token's signature
against the provider's JWKS). This module adds what midora needs around it:

- the provider's endpoints come from ``MIDORA_OIDC_ISSUER``'s discovery document unless given
  one by one (``MIDORA_OIDC_*_ENDPOINT``), fetched at the first single sign-on, not at start-up;
- the ID token's issuer and audience are checked too;
- the user is found by the username claim, or created; their role and granted entities follow
  the identity provider's groups through the group map (`midora.core.engine.group_map`), at
  every sign-in, and every change is audited (`midora.core.accounts`);
- a local account that has a password is never taken over by a single sign-on of the same name.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import requests
import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from midora.core import audit
from midora.core.choices import Role
from midora.core.engine.group_map import Grant, GroupGrant, GroupMapError, parse_group_map, resolve

LOGGER = logging.getLogger(__name__)

# most privileged first: a user in several mapped groups gets the first of their roles
ROLE_ORDER = [
    Role.ADMINISTRATOR,
    Role.COMPLIANCE_MANAGER,
    Role.CONTRIBUTOR,
    Role.AUDITOR,
    Role.BOARD_MEMBER,
]
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


class SignOnRefused(SuspiciousOperation):
    """A single sign-on that midora refuses, with the reason (logged, shown on the sign-in page)."""


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


@lru_cache(maxsize=4)
def discovery(issuer: str) -> dict[str, Any]:
    """The provider's discovery document (OpenID Connect Discovery 1.0, section 4)."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    response = requests.get(url, timeout=import_from_settings("OIDC_TIMEOUT", 10))
    response.raise_for_status()
    document = response.json()
    if document.get("issuer", "").rstrip("/") != issuer.rstrip("/"):
        raise ImproperlyConfigured(
            f"MIDORA_OIDC_ISSUER is {issuer} but its discovery document names issuer "
            f"{document.get('issuer')!r}"
        )
    return document


def setting(attr: str, *default: Any) -> Any:
    """A mozilla-django-oidc setting; an endpoint not set explicitly comes from discovery."""
    explicit = getattr(settings, attr, "")
    if attr in DISCOVERED and not explicit and settings.MIDORA_OIDC_ISSUER:
        return discovery(settings.MIDORA_OIDC_ISSUER)[DISCOVERED[attr]]
    return import_from_settings(attr, *default)


def load_group_map(path: Path | None = None) -> dict[str, GroupGrant]:
    """The group map file, validated (`GroupMapError` names the entry at fault)."""
    path = Path(path or settings.MIDORA_OIDC_GROUP_MAP)
    if not path.exists():
        raise GroupMapError(f"{path}: no such file (MIDORA_OIDC_GROUP_MAP)")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise GroupMapError(f"{path}: not valid YAML: {exc}") from exc
    group_map = parse_group_map(raw, [str(r) for r in ROLE_ORDER])
    from midora.core.models import LegalEntity

    wanted = set().union(*(g.entities for g in group_map.values())) if group_map else set()
    known = set(LegalEntity.objects.filter(lei__in=wanted).values_list("lei", flat=True))
    for group, grant in group_map.items():
        missing = sorted(grant.entities - known)
        if missing:
            raise GroupMapError(f"{path}: group {group!r}: no legal entity with LEI {missing[0]}")
    return group_map


def groups_of(claims: dict[str, Any]) -> list[str]:
    value = claims.get(settings.MIDORA_OIDC_GROUPS_CLAIM) or []
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value]


def grant_for(claims: dict[str, Any]) -> Grant:
    grant = resolve(groups_of(claims), load_group_map(), [str(r) for r in ROLE_ORDER])
    if grant is None:
        raise SignOnRefused(
            f"none of the groups {groups_of(claims)} in claim "
            f"{settings.MIDORA_OIDC_GROUPS_CLAIM!r} is in the group map"
        )
    return grant


def provision(claims: dict[str, Any]) -> Any:
    """Create or update the user of these claims with the role and entities their groups grant
    (audited); refuse a name that belongs to a local account with a password."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from midora.core.accounts import create_user, set_role
    from midora.core.models import LegalEntity

    username = str(claims.get(settings.MIDORA_OIDC_USERNAME_CLAIM) or "").strip()
    if not username:
        raise SignOnRefused(f"the claim {settings.MIDORA_OIDC_USERNAME_CLAIM!r} is missing")
    grant = grant_for(claims)
    entities = list(LegalEntity.objects.filter(lei__in=grant.entities))
    email = str(claims.get("email") or "")
    User = get_user_model()
    with transaction.atomic(), audit.acting_as(audit.Actor(username, None, "sso")):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = create_user(
                username,
                password="",
                role=grant.role,
                entities=entities,
                email=email,
                check_password=False,
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            return user
        if user.has_usable_password():
            raise SignOnRefused(
                f"a local account named {username!r} exists; it signs in with its password"
            )
        set_role(user, grant.role, entities)
        if email and user.email != email:
            user.email = email
            user.save(update_fields=["email"])
        return user


class MidoraOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, idle unless a single sign-on callback is being handled (so
    password sign-ins never wait for the identity provider)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    get_settings = staticmethod(setting)

    def authenticate(self, request: Any, **kwargs: Any) -> Any:
        if request is None or not enabled():
            return None
        if not (request.GET.get("code") and request.GET.get("state")):
            return None
        try:
            super().__init__()
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, ImproperlyConfigured, GroupMapError) as exc:
            LOGGER.error("single sign-on failed: %s", exc)
            request.session["midora_sso_error"] = str(exc)
        except SuspiciousOperation as exc:
            LOGGER.warning("single sign-on refused: %s", exc)
            request.session["midora_sso_error"] = str(exc)
        return None

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return True  # `provision` checks the username claim and the groups itself

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload = super().verify_token(token, **kwargs)
        if kwargs.get("nonce") is None:
            return payload  # a signed userinfo answer, not the ID token
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SignOnRefused("the ID token is not meant for this client (aud)")
        issuer = settings.MIDORA_OIDC_ISSUER
        if issuer and str(payload.get("iss", "")).rstrip("/") != issuer.rstrip("/"):
            raise SignOnRefused("the ID token comes from another issuer (iss)")
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: Any) -> Any:
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        try:
            return provision(claims)
        except SignOnRefused as exc:
            self.request.session["midora_sso_error"] = str(exc)
            raise


class MidoraOIDCRequestView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(setting)


class MidoraOIDCCallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(setting)
