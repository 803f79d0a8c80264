"""MiCA decision points in an ICT incident (Regulation (EU) 2023/1114 Arts 68, 70-71, 75-76, 92)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from midora.incidents.engine.facts import ImpactFacts

# MiCA Art 3(1)(16) crypto-asset services, by letter.
CUSTODY, TRADING_PLATFORM, EXCHANGE_FUNDS, EXCHANGE_CRYPTO, EXECUTION = "a", "b", "c", "d", "e"
RECEPTION_TRANSMISSION, TRANSFER = "g", "j"
ORDER_HANDLING = frozenset(
    {TRADING_PLATFORM, EXCHANGE_FUNDS, EXCHANGE_CRYPTO, EXECUTION, RECEPTION_TRANSMISSION}
)


@dataclass(frozen=True)
class DecisionPoint:
    """A MiCA decision a CASP takes during or after an ICT incident."""

    key: str
    label: str
    article: str
    guidance: str


DECISION_POINTS: tuple[DecisionPoint, ...] = (
    DecisionPoint(
        "bcp_activation",
        "Activate the business continuity plan",
        "MiCA Art 68(7); Delegated Regulation (EU) 2025/299",
        "Decide whether to activate the BCP and "
        "ICT response and recovery plans (DORA Arts 11-12); record it in field 2.9.",
    ),
    DecisionPoint(
        "records_preservation",
        "Preserve incident-period records",
        "MiCA Art 68(9)",
        "Keep order and transaction records of the incident period intact (interpretation).",
    ),
    DecisionPoint(
        "client_funds_safeguarding",
        "Safeguarding of client crypto-assets and funds",
        "MiCA Art 70",
        "Assess risk of commingling, misallocation or late placement "
        "of client funds; no MiCA deadline attached (interpretation).",
    ),
    DecisionPoint(
        "complaints_handling",
        "Complaints handling",
        "MiCA Art 71",
        "Log and handle incident-driven complaints; repetitive complaints also feed "
        "the reputational threshold (RTS-C Art 2(1)(b)).",
    ),
    DecisionPoint(
        "custody_safekeeping_impact",
        "Custody and safekeeping impact",
        "MiCA Art 75(3), 75(8)",
        "Evaluate against the custody policy; decide whether a "
        "loss is attributable (liability capped at market value at loss time), which "
        "feeds economic impact and client notification (interpretation).",
    ),
    DecisionPoint(
        "trading_platform_halt",
        "Trading platform halt or disruption",
        "MiCA Art 76(1)(g), 76(7)",
        "Suspend trading only under the platform's own "
        "operating rules; trading-system failure triggers business continuity "
        "arrangements.",
    ),
    DecisionPoint(
        "market_abuse_suspicion",
        "Suspicion of market abuse",
        "MiCA Art 92(1); Delegated Regulation (EU) 2025/885",
        "If the incident suggests manipulation "
        "(account takeover used to trade, consensus or oracle manipulation), report a "
        "STOR without delay: separate obligation and template.",
    ),
    DecisionPoint(
        "client_information",
        "Inform clients",
        "DORA Art 19(3); Delegated Regulation (EU) 2025/299 Art 4",
        "Inform clients without undue delay of a major incident "
        "affecting their financial interests and of mitigation measures.",
    ),
)


def relevant_decision_points(
    impact: ImpactFacts, crypto_services: Iterable[str] = ()
) -> list[DecisionPoint]:
    """MiCA Arts 68-92: decision points made relevant by the facts and crypto services."""
    services = set(crypto_services) | {
        s.crypto_asset_service for s in impact.services_affected if s.crypto_asset_service
    }
    authorised = services or any(
        s.authorised_crypto_asset_service for s in impact.services_affected
    )
    downtime = impact.service_downtime or timedelta(0)
    lost_assets = any(
        c.category in ("expropriated_funds", "lost_crypto_assets") for c in impact.costs
    )
    clients_hit = bool(impact.clients_affected) or bool(
        impact.impact_on_financial_interests_of_clients
    )
    keys = {
        "bcp_activation": downtime > timedelta(0)
        and any(s.supports_critical_or_important_function for s in impact.services_affected),
        "records_preservation": bool(authorised),
        "client_funds_safeguarding": bool(services & {CUSTODY, EXCHANGE_FUNDS}) or lost_assets,
        "complaints_handling": impact.reputational.repetitive_complaints or clients_hit,
        "custody_safekeeping_impact": CUSTODY in services or lost_assets,
        "trading_platform_halt": TRADING_PLATFORM in services,
        "market_abuse_suspicion": impact.successful_malicious_unauthorised_access
        and bool(services & ORDER_HANDLING),
        "client_information": clients_hit,
    }
    return [p for p in DECISION_POINTS if keys[p.key]]
