"""Applicability of stored requirements to legal entities (the scope map, part two)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Q

from midora.compliance.engine.applicability import (
    Applicability,
    Condition,
    EntityProfile,
    applies,
    parse_condition,
)
from midora.compliance.models import Requirement
from midora.core.choices import Criticality, OfferingStatus

# Offerings that bring a service's obligations: offered, applied for, or suspended (not withdrawn).
LIVE_OFFERINGS = (OfferingStatus.ACTIVE, OfferingStatus.PLANNED, OfferingStatus.SUSPENDED)
# Facts the core records let midora derive; the others are not recorded and never assumed.
DERIVED_FACTS = {"custody": "holds_client_crypto_assets"}


@dataclass(frozen=True)
class ScopedRow:
    """A stored requirement in the shape the applicability engine reads."""

    id: str
    regime: str
    condition: Condition
    article: str
    pk: int


def scoped_rows(requirements: Iterable[Requirement]) -> list[ScopedRow]:
    return [
        ScopedRow(
            r.ref,
            r.framework.regime,
            parse_condition(r.applies_when, r.framework.regime),
            r.article,
            r.pk,
        )
        for r in requirements
    ]


def assessable_requirements(regime: str | None = None):
    """Current, non-grouping requirements (withdrawn ones and article headings are not assessed)."""
    qs = Requirement.objects.filter(withdrawn=False, grouping=False).select_related("framework")
    return qs.filter(framework__regime=regime) if regime else qs


def entity_profiles(entities: Iterable) -> dict[int, EntityProfile]:
    """One EntityProfile per LegalEntity, from its offerings and critical functions."""
    from midora.core.models import LegalEntity, ServiceOffering

    entities = list(entities)
    rows = LegalEntity.objects.filter(pk__in=[e.pk for e in entities]).annotate(
        critical=Count(
            "functions", filter=Q(functions__criticality=Criticality.CRITICAL_OR_IMPORTANT)
        )
    )
    critical = {row.pk: row.critical for row in rows}
    live: dict[int, dict[str, tuple[str, ...]]] = {e.pk: {} for e in entities}
    for entity_id, service, member_states in (
        ServiceOffering.objects.filter(entity_id__in=live, status__in=LIVE_OFFERINGS)
        .order_by("entity_id", "service")
        .values_list("entity_id", "service", "member_states")
    ):
        live[entity_id][service] = tuple(member_states or ())
    profiles = {}
    for entity in entities:
        services = live[entity.pk]
        facts = frozenset(fact for service, fact in DERIVED_FACTS.items() if service in services)
        profiles[entity.pk] = EntityProfile(
            services=services,
            microenterprise=entity.is_microenterprise,
            mica_status=entity.mica_status,
            dora_in_scope=entity.dora_in_scope,
            tlpt_designated=entity.tlpt_designated,
            has_critical_or_important_functions=critical.get(entity.pk, 0) > 0,
            facts=facts,
        )
    return profiles


@dataclass
class EntityScope:
    entity: object
    profile: EntityProfile
    rows: list[ScopedRow]

    @cached_property
    def outcomes(self) -> dict[str, Applicability]:
        return {row.id: applies(row, self.profile) for row in self.rows}

    def applicable(self, regime: str) -> list[ScopedRow]:
        return [r for r in self.rows if r.regime == regime and self.outcomes[r.id].applies]

    def for_service(self, service: str) -> list[ScopedRow]:
        """Service-specific requirements that apply because of this one offering."""
        return [
            r
            for r in self.rows
            if r.condition.services
            and service in r.condition.services
            and applies(r, self.profile, service).applies
        ]


def entity_scopes(entities: Iterable, regime: str | None = None) -> list[EntityScope]:
    entities = list(entities)
    rows = scoped_rows(assessable_requirements(regime))
    profiles = entity_profiles(entities)
    return [EntityScope(e, profiles[e.pk], rows) for e in entities]
