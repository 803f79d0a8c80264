"""Users, roles and tokens: every change goes through here so that it is audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from midora.core import audit
from midora.core.choices import Role
from midora.core.models import ApiToken, LegalEntity, UserProfile


class AccountError(ValueError):
    """A user or token request that cannot be carried out, with the reason."""


def create_user(
    username: str,
    *,
    password: str,
    role: str,
    entities: Iterable[LegalEntity] = (),
    email: str = "",
    check_password: bool = True,
) -> Any:
    """Create a user with a role and granted entities (administrators see every entity)."""
    User = get_user_model()
    if role not in Role.values:
        raise AccountError(f"Unknown role {role!r}; choose one of: {', '.join(Role.values)}.")
    if User.objects.filter(username=username).exists():
        raise AccountError(f"A user named {username!r} already exists.")
    if check_password:
        # with the would-be user, so that a password like the user name or e-mail is refused
        validate_password(password, User(username=username, email=email))
    with transaction.atomic():
        user = User.objects.create_user(username=username, password=password, email=email)
        profile = UserProfile.objects.create(user=user, role=role)
        profile.entities.set(list(entities))
        audit.record_change(
            profile,
            audit.CREATE,
            {
                "user": [None, username],
                "role": [None, role],
                "entities": [None, sorted(e.lei for e in profile.entities.all())],
            },
        )
    return user


def set_role(user: Any, role: str, entities: Iterable[LegalEntity] | None = None) -> None:
    profile, _ = UserProfile.objects.get_or_create(user=user)
    before = {"role": profile.role, "entities": sorted(e.lei for e in profile.entities.all())}
    with transaction.atomic():
        profile.role = role
        profile.save()
        if entities is not None:
            profile.entities.set(list(entities))
        after = {"role": role, "entities": sorted(e.lei for e in profile.entities.all())}
        changes = audit.diff(before, after)
        if changes:
            audit.record_change(profile, audit.UPDATE, changes)


def issue_token(user: Any, name: str) -> tuple[ApiToken, str]:
    """A new personal API token; the raw value is returned once and never stored."""
    with transaction.atomic():
        token, raw = ApiToken.issue(user, name)
        audit.record_change(
            token, audit.CREATE, {"user": [None, user.get_username()], "name": [None, name]}
        )
    return token, raw


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is not None:
        return
    with transaction.atomic():
        token.revoke()
        audit.record_change(token, audit.UPDATE, {"revoked_at": [None, timezone.now().isoformat()]})


def authenticate_token(raw: str) -> Any | None:
    """The active user owning this token, or None; records when the token was last used."""
    from midora.core.models.accounts import hash_token

    # the one row of this unique hash, unsorted, with the user's profile (every operation
    # checks the role)
    token = next(
        iter(
            ApiToken.objects.select_related("user__profile")
            .filter(key_hash=hash_token(raw), revoked_at=None)
            .order_by()[:1]
        ),
        None,
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
