"""The MiCA decision points of an incident (`engine/mica_decisions.py`) in the reader's language.

The engine words each decision point in English; the incident page names it and its guidance
through these translations (terms of the official German and French texts of MiCA and DORA). A
test keeps the English text equal to the engine's.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# key -> (label, guidance), as engine.mica_decisions.DECISION_POINTS words them
DECISION_TEXTS: dict[str, tuple[Promise, Promise]] = {
    "bcp_activation": (
        _("Activate the business continuity plan"),
        _(
            "Decide whether to activate the BCP and ICT response and recovery plans (DORA Arts "
            "11-12); record it in field 2.9."
        ),
    ),
    "records_preservation": (
        _("Preserve incident-period records"),
        _("Keep order and transaction records of the incident period intact (interpretation)."),
    ),
    "client_funds_safeguarding": (
        _("Safeguarding of client crypto-assets and funds"),
        _(
            "Assess risk of commingling, misallocation or late placement of client funds; no "
            "MiCA deadline attached (interpretation)."
        ),
    ),
    "complaints_handling": (
        _("Complaints handling"),
        _(
            "Log and handle incident-driven complaints; repetitive complaints also feed the "
            "reputational threshold (RTS-C Art 2(1)(b))."
        ),
    ),
    "custody_safekeeping_impact": (
        _("Custody and safekeeping impact"),
        _(
            "Evaluate against the custody policy; decide whether a loss is attributable "
            "(liability capped at market value at loss time), which feeds economic impact and "
            "client notification (interpretation)."
        ),
    ),
    "trading_platform_halt": (
        _("Trading platform halt or disruption"),
        _(
            "Suspend trading only under the platform's own operating rules; trading-system "
            "failure triggers business continuity arrangements."
        ),
    ),
    "market_abuse_suspicion": (
        _("Suspicion of market abuse"),
        _(
            "If the incident suggests manipulation (account takeover used to trade, consensus or "
            "oracle manipulation), report a STOR without delay: separate obligation and template."
        ),
    ),
    "client_information": (
        _("Inform clients"),
        _(
            "Inform clients without undue delay of a major incident affecting their financial "
            "interests and of mitigation measures."
        ),
    ),
}


def decision_label(point: Any) -> Any:
    """A decision point's name in the reader's language (the engine's if unknown here)."""
    return DECISION_TEXTS.get(point.key, (point.label, point.guidance))[0]


def decision_guidance(point: Any) -> Any:
    """A decision point's guidance in the reader's language (the engine's if unknown here)."""
    return DECISION_TEXTS.get(point.key, (point.label, point.guidance))[1]
