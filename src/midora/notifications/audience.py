"""Who receives an alert: only people who may see the record (its entity in their scope), on
the channels they chose for the event type, or their role's default."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model

from midora.core import permissions
from midora.core.choices import Role
from midora.core.due_registry import DueItem
from midora.notifications.models import NotificationPreference, WebhookEndpoint

ALL = frozenset({"email", "in_app", "webhook"})
OWNED = frozenset({"email", "in_app", "webhook"})
ROLE_DEFAULTS: dict[str | None, frozenset[str]] = {
    Role.COMPLIANCE_MANAGER: ALL,
    Role.ADMINISTRATOR: frozenset({"in_app"}),
}


def default_channels(role: str | None, owns: bool, board_item: bool) -> frozenset[str]:
    """What a person receives without a choice of their own."""
    if owns:
        return OWNED
    if board_item and role == Role.BOARD_MEMBER:
        return frozenset({"in_app", "email"})
    return ROLE_DEFAULTS.get(role, frozenset())


class Audience:
    """The active users with their roles, entity grants, choices and endpoints, read once."""

    def __init__(self) -> None:
        users = (
            get_user_model()
            .objects.filter(is_active=True)
            .select_related("profile")
            .prefetch_related("profile__entities")
        )
        self.users: list[Any] = []
        self.role: dict[int, str | None] = {}
        self.grants: dict[int, set[int]] = {}
        for user in users:
            role = permissions.role_of(user)
            if role is None:
                continue
            self.users.append(user)
            self.role[user.pk] = role
            profile = getattr(user, "profile", None)
            self.grants[user.pk] = {e.pk for e in profile.entities.all()} if profile else set()
        self.choices: dict[tuple[int, str], frozenset[str]] = {
            (p.user_id, p.event): frozenset(p.channels)
            for p in NotificationPreference.objects.all()
        }
        self.endpoints: dict[int, list[WebhookEndpoint]] = defaultdict(list)
        for endpoint in WebhookEndpoint.objects.filter(active=True):
            self.endpoints[endpoint.owner_id].append(endpoint)

    def may_see(self, user: Any, item: DueItem) -> bool:
        """Entity scope and role, as the record's own page decides (404 otherwise)."""
        role = self.role[user.pk]
        if role == Role.BOARD_MEMBER:
            readable = item.board
        else:
            readable = role in {
                Role.ADMINISTRATOR,
                Role.COMPLIANCE_MANAGER,
                Role.CONTRIBUTOR,
                Role.AUDITOR,
            }
        if not readable:
            return False
        if role == Role.ADMINISTRATOR or item.entity_id is None:
            return True
        return item.entity_id in self.grants[user.pk]

    def channels(self, user: Any, event: str, item: DueItem) -> frozenset[str]:
        chosen = self.choices.get((user.pk, event))
        if chosen is not None:
            return chosen
        return default_channels(self.role[user.pk], user.pk in item.owner_ids, item.board)

    def recipients(
        self, item: DueItem, owners_only: bool = False
    ) -> list[tuple[Any, frozenset[str]]]:
        out = []
        for user in self.users:
            if owners_only and user.pk not in item.owner_ids:
                continue
            if not self.may_see(user, item):
                continue
            channels = self.channels(user, item.event, item)
            if channels:
                out.append((user, channels))
        return out

    def endpoints_for(self, user: Any, event: str) -> list[WebhookEndpoint]:
        return [e for e in self.endpoints.get(user.pk, []) if e.accepts(event)]
