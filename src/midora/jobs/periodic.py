"""Periodic checks: apps register a function and an interval; each worker runs the ones due.

Several workers may run at once (PostgreSQL): a check runs once per interval because a worker
first claims it by moving its `PeriodicRun.last_started_at` forward in one conditional update.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

logger = logging.getLogger("midora.jobs")


@dataclass(frozen=True)
class PeriodicCheck:
    name: str
    run: Callable[[dt.datetime], object]
    every: dt.timedelta


_CHECKS: dict[str, PeriodicCheck] = {}


def register(name: str, every: dt.timedelta) -> Callable[[Callable], Callable]:
    """Decorator: run `func(now)` every `every` in the workers (and on `midora worker --once`)."""

    def decorate(func: Callable[[dt.datetime], object]) -> Callable[[dt.datetime], object]:
        _CHECKS[name] = PeriodicCheck(name, func, every)
        return func

    return decorate


def checks() -> list[PeriodicCheck]:
    return sorted(_CHECKS.values(), key=lambda c: c.name)


def claim(check: PeriodicCheck, now: dt.datetime, force: bool = False) -> bool:
    """Take this run of the check for the calling worker (False when another worker has it)."""
    from midora.jobs.models import PeriodicRun

    if force:
        PeriodicRun.objects.update_or_create(name=check.name, defaults={"last_started_at": now})
        return True
    moved = PeriodicRun.objects.filter(
        name=check.name, last_started_at__lte=now - check.every
    ).update(last_started_at=now)
    if moved:
        return True
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(name=check.name, last_started_at=now)
        return True
    except IntegrityError:
        return False


def run_due_checks(now: dt.datetime | None = None, force: bool = False) -> list[str]:
    """Run every registered check whose interval has passed (all of them with `force`)."""
    now = now or timezone.now()
    ran = []
    for check in checks():
        if not claim(check, now, force):
            continue
        try:
            check.run(now)
        except Exception:  # one failing check must not stop the others or the worker
            logger.exception("periodic check %s failed", check.name)
            continue
        ran.append(check.name)
    return ran
