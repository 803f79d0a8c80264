"""A user's role and granted entities, and personal API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from midora.core.choices import Role

TOKEN_PREFIX = "mdr_"


class UserProfile(models.Model):
    """What a user may do (role) and which legal entities they may see (scope)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.CONTRIBUTOR)
    entities = models.ManyToManyField("core.LegalEntity", blank=True, related_name="granted_users")
    language = models.CharField(
        max_length=10,
        blank=True,
        default="",
        help_text=_(
            "The language of the person's e-mails, also applied at sign-in; empty: the "
            "installation's default."
        ),
    )

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once, at creation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(
        max_length=12, help_text=_("The first characters, to recognise the token.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, user: settings.AUTH_USER_MODEL, name: str) -> tuple[ApiToken, str]:
        """Create a token and return it with the raw value, which is never stored."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=hash_token(raw), hint=raw[:10])
        return token, raw

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
