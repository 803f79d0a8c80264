"""Who a CLI command acts as: a named user (their role and entities) or the local operator."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.contrib.auth import get_user_model


def cli_user(username: str | None) -> Any:
    """The user named with --user, or the local operator when none is named."""
    from midora.cli import CommandError

    if not username:  # the local operator sees every entity, as an administrator does
        return SimpleNamespace(is_authenticated=True, is_superuser=True, pk=None)
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user named {username}")
    return user
