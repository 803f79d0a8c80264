"""The regulatory scope map: legal entities x MiCA crypto-asset services (pure assembly)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol


class Entity(Protocol):
    """A legal entity as the map reads it."""

    pk: int
    name: str
    lei: str
    country: str
    mica_status: str
    dora_in_scope: bool
    is_microenterprise: bool

    def get_mica_status_display(self) -> str: ...


class Offering(Protocol):
    """A crypto-asset service an entity offers, applies for or plans, as the map reads it."""

    pk: int
    entity_id: int
    service: str
    status: str
    member_states: list[str]

    def get_status_display(self) -> str: ...


@dataclass
class ScopeCell:
    service: str
    status: str | None = None
    status_label: str = ""
    member_states: list[str] = field(default_factory=list)
    offering_id: int | None = None

    @property
    def short_status(self) -> str:
        return self.status_label.split(" (")[0]

    @property
    def offered(self) -> bool:
        return self.status is not None


@dataclass
class ScopeRow:
    entity_id: int
    name: str
    lei: str
    country: str
    mica_status: str
    mica_status_label: str
    dora_in_scope: bool
    microenterprise: bool
    critical_functions: int
    cells: list[ScopeCell]

    @property
    def regimes(self) -> list[str]:
        """Which regimes reach the entity: MiCA Art. 59 (authorised or applying), DORA Art. 2(1)(f)."""
        regimes = []
        if self.mica_status != "not_in_scope":
            regimes.append("MiCA")
        if self.dora_in_scope:
            regimes.append("DORA")
        return regimes


def build_scope_map(
    entities: Iterable[Entity],
    offerings: Iterable[Offering],
    critical_counts: dict[int, int],
    services: Sequence[str],
) -> list[ScopeRow]:
    """One row per entity, one cell per crypto-asset service of MiCA Art. 3(1)(16)."""
    by_entity: dict[int, dict[str, Offering]] = {}
    for offering in offerings:
        by_entity.setdefault(offering.entity_id, {})[offering.service] = offering
    rows = []
    for entity in entities:
        cells = []
        for service in services:
            offered = by_entity.get(entity.pk, {}).get(service)
            if offered is None:
                cells.append(ScopeCell(service))
            else:
                cells.append(
                    ScopeCell(
                        service,
                        offered.status,
                        offered.get_status_display(),
                        list(offered.member_states),
                        offered.pk,
                    )
                )
        rows.append(
            ScopeRow(
                entity.pk,
                entity.name,
                entity.lei,
                entity.country,
                entity.mica_status,
                entity.get_mica_status_display(),
                entity.dora_in_scope,
                entity.is_microenterprise,
                critical_counts.get(entity.pk, 0),
                cells,
            )
        )
    return rows
