"""The demo CASP group: a deterministic, realistic fictional group loaded into the database.

Each app owns its step: a `demo` module (`midora.<app>.demo`) defining `ORDER` and `load(ctx)`.
Steps are discovered through the app registry (core imports no other app) and run in ORDER
inside one transaction, so a failed load leaves nothing behind. `ctx.scale` multiplies the volume
of every register; `ctx.rng` is seeded, so the same seed and day give the same data.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import secrets
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.db import transaction

from midora.core.audit import Actor, acting_as
from midora.core.progress import Progress, report


class DemoError(Exception):
    """The demo cannot be loaded as asked (e.g. the database already holds records)."""


@dataclass
class DemoContext:
    scale: int
    seed: int
    rng: random.Random
    today: dt.date
    refs: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)

    def count(self, label: str, number: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + number


@dataclass
class DemoSummary:
    ctx: DemoContext

    def describe(self) -> str:
        lines = [f"Loaded the demo CASP group (scale {self.ctx.scale}, seed {self.ctx.seed}):"]
        lines += [f"  {label}: {number}" for label, number in self.ctx.counts.items()]
        if self.ctx.logins:
            from django.conf import settings

            lines.append(f"Sign in at {settings.MIDORA_BASE_URL}/ with:")
            lines += [
                f"  {user} / {password}   ({role})" for user, password, role in self.ctx.logins
            ]
            lines += _second_factor_note()
        return "\n".join(lines)


def _second_factor_note() -> list[str]:
    from django.conf import settings

    from midora.core.choices import Role

    roles = [str(Role(role).label) for role in settings.MIDORA_OTP_REQUIRED_ROLES]
    if not roles:
        return []
    return [
        f"Two-step sign-in is required of: {', '.join(roles)}. At the first sign-in midora shows "
        "a QR code: scan it with an authenticator app (FreeOTP, Aegis, Google or Microsoft "
        "Authenticator) and enter its code. MIDORA_OTP_REQUIRED_ROLES=none turns this off."
    ]


def steps() -> list[Any]:
    from django.apps import apps

    modules = [
        import_module(f"{config.name}.demo")
        for config in apps.get_app_configs()
        if config.name.startswith("midora.") and find_spec(f"{config.name}.demo")
    ]
    return sorted(
        (m for m in modules if hasattr(m, "load") and hasattr(m, "ORDER")), key=lambda m: m.ORDER
    )


def demo_today() -> dt.date:
    raw = os.environ.get("MIDORA_DEMO_TODAY")
    return dt.date.fromisoformat(raw) if raw else dt.date.today()


def load_demo(
    scale: int = 1,
    seed: int = 2026,
    reset: bool = False,
    password: str | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Load the demo group; refuse when records exist unless `reset` (which deletes them first)."""
    from midora.core.models import LegalEntity

    if scale < 1:
        raise DemoError("--scale must be 1 or more.")
    if LegalEntity.objects.exists() and not reset:
        raise DemoError(
            "the database already holds records; use --reset to replace them with the demo."
        )
    ctx = DemoContext(scale=scale, seed=seed, rng=random.Random(seed), today=demo_today())
    ctx.refs["password"] = (
        password or os.environ.get("MIDORA_DEMO_PASSWORD") or secrets.token_urlsafe(9)
    )
    with acting_as(Actor("demo-loader", source="demo")), transaction.atomic():
        loaders = steps()
        first = 1 if reset else 0  # removing the records there counts as one step
        total = first + len(loaders)
        if reset:
            report(progress, 0, total, "Removing the records there")
            _reset()
        for done, step in enumerate(loaders, start=first):
            report(progress, done, total, f"Loading {step.__name__.split('.')[-2]}")
            step.load(ctx)
        report(progress, total, total, "Loaded")
    return DemoSummary(ctx)


def _reset() -> None:
    """Replace everything, the audit trail included: the demo starts a fresh chain."""
    from midora.core.backup import flush_records

    flush_records()
