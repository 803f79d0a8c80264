"""Builders for incident records in app tests (P02-like major facts, a minor outage)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from midora.incidents.services.intake import IntakeData, intake

PARIS = dt.timezone(dt.timedelta(hours=1))
SERVICE = {
    "name": "spot_trading_engine",
    "supports_critical_or_important_function": True,
    "authorised_crypto_asset_service": True,
}


def major_impact() -> dict[str, Any]:
    """Gate plus 9(1)(a) and 9(3)(b): major under RTS-C Art 8(1)(b) (worked example P02)."""
    return {
        "services_affected": [SERVICE],
        "clients_using_service": 100000,
        "clients_affected": 10001,
        "service_downtime": "PT2H1M",
        "member_states_impacted": ["FR"],
        "costs_eur": {"staff_overtime": 30000},
        "impact_on_financial_interests_of_clients": False,
    }


def minor_impact() -> dict[str, Any]:
    return {
        "services_affected": [SERVICE],
        "clients_using_service": 100000,
        "clients_affected": 50,
        "service_downtime": "PT20M",
        "member_states_impacted": ["FR"],
    }


def timeline(day: int = 11) -> dict[str, dt.datetime]:
    return {
        "occurred_at": dt.datetime(2025, 3, day, 8, 0, tzinfo=PARIS),
        "detected_at": dt.datetime(2025, 3, day, 8, 30, tzinfo=PARIS),
        "aware_at": dt.datetime(2025, 3, day, 9, 0, tzinfo=PARIS),
        "classified_at": dt.datetime(2025, 3, day, 11, 30, tzinfo=PARIS),
        "resolved_at": dt.datetime(2025, 3, day, 11, 0, tzinfo=PARIS),
    }


REPORT_TEXT = {
    "contact_email": "dora@alpha.example",
    "contact_name": "A. Officer",
    "discovery": "monitoring_systems",
    "bcp_activated": False,
}


def record(user: Any, entity: Any, impact: dict | None = None, **extra: Any) -> Any:
    data = IntakeData(
        title=extra.pop("title", "Trading engine outage"),
        timeline=extra.pop("timeline", timeline()),
        impact=major_impact() if impact is None else impact,
        report_text=extra.pop("report_text", dict(REPORT_TEXT)),
        **extra,
    )
    incident, _created = intake(user=user, entity=entity, data=data, source="web")
    return incident
