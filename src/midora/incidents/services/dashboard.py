"""Rows of the reporting clock across the user's incidents (RTS-R Art 5)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from midora.core import permissions
from midora.incidents.engine.clock import ClockEntry
from midora.incidents.models import Incident
from midora.incidents.services.reporting import clock_for

STATE_ORDER = {"overdue": 0, "due_soon": 1, "due": 2, "sent_late": 3, "sent": 4}


@dataclass(frozen=True)
class DashboardRow:
    incident: Any
    entry: ClockEntry
    tz: str


def dashboard_rows(user: Any, now: dt.datetime | None = None) -> list[DashboardRow]:
    """Each stage deadline of each major incident in scope, most urgent first."""
    now = now or timezone.now()
    qs = (
        permissions.scope(user, Incident.objects.filter(is_major=True))
        .select_related("entity")
        .prefetch_related("reports", "functions")
    )
    rows = []
    for incident in qs:
        for entry in clock_for(incident, now):
            rows.append(DashboardRow(incident, entry, incident.entity.time_zone))
    rows.sort(key=lambda r: (STATE_ORDER[r.entry.state], r.entry.deadline.due))
    return rows
