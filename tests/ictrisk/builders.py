"""Builders of risk-area records for the tests of ictrisk, resilience and governance."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from midora.core.models import BusinessFunction, LegalEntity
from midora.ictrisk.models import ICTAsset, Risk, RiskAcceptance

_numbers = itertools.count(1)


def make_function(entity: LegalEntity, critical: bool = True, **fields: Any) -> BusinessFunction:
    number = next(_numbers)
    return BusinessFunction.objects.create(
        entity=entity,
        identifier=fields.pop("identifier", f"F-{number:03d}"),
        name=fields.pop("name", f"Function {number}"),
        criticality="critical" if critical else "not_critical",
        criticality_rationale="Disruption would impair client services." if critical else "",
        **fields,
    )


def make_asset(entity: LegalEntity, name: str = "", **fields: Any) -> ICTAsset:
    return ICTAsset.objects.create(
        entity=entity,
        name=name or f"Asset {next(_numbers)}",
        asset_type=fields.pop("asset_type", "application"),
        **fields,
    )


def make_risk(
    entity: LegalEntity,
    inherent: tuple[int, int] = (4, 4),
    residual: tuple[int, int] = (2, 3),
    **fields: Any,
) -> Risk:
    risk = Risk(
        entity=entity,
        reference=fields.pop("reference", f"R-{next(_numbers):04d}"),
        title=fields.pop("title", "Hot wallet key compromise"),
        threat=fields.pop("threat", "An attacker steals signing keys."),
        inherent_likelihood=inherent[0],
        inherent_impact=inherent[1],
        residual_likelihood=residual[0],
        residual_impact=residual[1],
        **fields,
    )
    risk.full_clean()
    risk.save()
    return risk


def make_acceptance(risk: Risk, until: dt.date, start: dt.date | None = None, **fields: Any):
    acceptance = RiskAcceptance(
        risk=risk,
        accepted_by=fields.pop("accepted_by", "Management body"),
        valid_from=start or until - dt.timedelta(days=365),
        valid_until=until,
        reason=fields.pop("reason", "Residual risk within the budget of the mitigation plan."),
        **fields,
    )
    acceptance.full_clean()
    acceptance.save()
    return acceptance
