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
from midora.core.compiled_reads import CompiledRead
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


def _columns(model: Any) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def _token_with_user(key_hash: str) -> Any:
    """The one row of this unique hash, unsorted: the token's id and last use, its user's
    columns and its user's profile's (every operation checks the role)."""
    user = [f"user__{name}" for name in _columns(get_user_model())]
    profile = [f"user__profile__{name}" for name in _columns(UserProfile)]
    rows = ApiToken.objects.filter(key_hash=key_hash, revoked_at=None).order_by()
    return rows.values_list("pk", "last_used_at", *user, *profile)[:1]


_read_token = CompiledRead(_token_with_user)  # read by every API call


def _user_with_profile(values: tuple) -> Any:
    """The user (and its profile, when it has one) as `select_related` builds them."""
    user_model = get_user_model()
    user_columns = _columns(user_model)
    user = user_model.from_db("default", user_columns, values[: len(user_columns)])
    profile_values = values[len(user_columns) :]
    profile = None
    if profile_values[0] is not None:
        profile = UserProfile.from_db("default", _columns(UserProfile), profile_values)
        UserProfile._meta.get_field("user").set_cached_value(profile, user)
    UserProfile._meta.get_field("user").remote_field.set_cached_value(user, profile)
    return user


def authenticate_token(raw: str) -> Any | None:
    """The active user owning this token, or None; records when the token was last used."""
    from midora.core.models.accounts import hash_token

    found = _read_token(hash_token(raw))
    if not found:
        return None
    token_id, last_used_at, *values = found[0]
    user = _user_with_profile(tuple(values))
    if not user.is_active:
        return None
    now = timezone.now()
    if last_used_at is None or (now - last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    return user
