"""Remediation actions as a service: an app opens (or looks up) the action that closes one of its
gaps without importing the app that keeps actions.

`midora.governance` provides the implementation and registers it when Django starts
(`GovernanceConfig.ready`); the rule "one action per source record" lives there. This keeps the
dependency direction: compliance, below the domain apps, still opens actions for assessment gaps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class ActionRequest:
    """What to open: the record behind the gap (``source_type`` + ``source_id``) and the action."""

    source_type: str
    source_id: str
    entity_id: int
    title: str
    description: str = ""
    due_date: dt.date | None = None
    priority: str = "medium"
    owner: Any = None


class RemediationProvider(Protocol):
    def open(self, request: ActionRequest) -> tuple[Any, bool]:
        """The action of ``request``'s source, created when there is none; (action, created)."""

    def for_sources(self, source_type: str, source_ids: Iterable[str]) -> dict[str, Any]:
        """The existing actions of these sources, by source id."""


_provider: RemediationProvider | None = None


def provide(provider: RemediationProvider) -> None:
    global _provider
    _provider = provider


def _current() -> RemediationProvider:
    if _provider is None:
        raise ImproperlyConfigured("no installed app provides remediation actions")
    return _provider


def open_action(request: ActionRequest) -> tuple[Any, bool]:
    return _current().open(request)


def actions_for(source_type: str, source_ids: Iterable[str]) -> dict[str, Any]:
    return _current().for_sources(source_type, [str(i) for i in source_ids])
