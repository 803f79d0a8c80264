"""MiCA decision points: listed once, suggested from facts and crypto services affected."""

from __future__ import annotations

from datetime import timedelta

from midora.incidents.engine.facts import ImpactFacts, ServiceAffected
from midora.incidents.engine.mica_decisions import DECISION_POINTS, relevant_decision_points


def test_decision_points_are_unique_and_cited():
    keys = [p.key for p in DECISION_POINTS]
    assert len(keys) == len(set(keys))
    assert {
        "client_information",
        "complaints_handling",
        "custody_safekeeping_impact",
        "trading_platform_halt",
        "bcp_activation",
        "market_abuse_suspicion",
    } <= set(keys)
    assert all(p.article and p.guidance for p in DECISION_POINTS)


def test_custody_intrusion_suggests_custody_and_market_abuse_only_when_trading():
    custody = ServiceAffected("custody", True, True, crypto_asset_service="a")
    impact = ImpactFacts(
        services_affected=(custody,), successful_malicious_unauthorised_access=True
    )
    keys = {p.key for p in relevant_decision_points(impact)}
    assert "custody_safekeeping_impact" in keys and "market_abuse_suspicion" not in keys
    keys = {p.key for p in relevant_decision_points(impact, ["b"])}
    assert {"market_abuse_suspicion", "trading_platform_halt"} <= keys


def test_outage_with_clients_suggests_bcp_and_client_information():
    engine = ServiceAffected("engine", True, True)
    impact = ImpactFacts(
        services_affected=(engine,), clients_affected=10, service_downtime=timedelta(hours=1)
    )
    keys = {p.key for p in relevant_decision_points(impact)}
    assert {"bcp_activation", "client_information", "complaints_handling"} <= keys
    assert "trading_platform_halt" not in keys
    assert relevant_decision_points(ImpactFacts()) == []
