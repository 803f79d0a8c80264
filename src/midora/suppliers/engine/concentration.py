"""ICT third-party concentration: dependency graph, reach, single points of failure, spend, SVG map.

The graph runs entity -> business function -> ICT service use (arrangement x function x service
type) -> direct provider -> subcontractors. A subcontracting link may be limited to one
arrangement (``arrangement_id``) or apply to every arrangement of the provider it supports (None).
Spend figures assume one reporting currency. The Herfindahl-Hirschman index is computed on
percentage shares (0 to 10,000; one provider = 10,000).
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from html import escape
from typing import TypeVar

Indexed = TypeVar("Indexed")


class Substitutability(StrEnum):
    """The four values of the Register of Information (B_07.01.c0050)."""

    NOT_SUBSTITUTABLE = "not_substitutable"
    HIGHLY_COMPLEX = "highly_complex"
    MEDIUM = "medium"
    EASY = "easy"


class GraphError(ValueError):
    """A dependency graph whose records do not reference each other consistently."""


@dataclass(frozen=True)
class Entity:
    id: str
    name: str


@dataclass(frozen=True)
class BusinessFunction:
    id: str
    entity_id: str
    name: str
    critical_or_important: bool
    crypto_services: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    country: str = ""


@dataclass(frozen=True)
class Arrangement:
    id: str
    entity_id: str
    provider_id: str
    annual_cost: Decimal = Decimal(0)


@dataclass(frozen=True)
class ServiceUse:
    arrangement_id: str
    function_id: str
    service_type: str
    substitutability: Substitutability
    storage_countries: frozenset[str] = frozenset()
    processing_countries: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "substitutability", Substitutability(self.substitutability))


@dataclass(frozen=True)
class Subcontracting:
    provider_id: str  # the provider receiving the subcontracted service
    subcontractor_id: str
    arrangement_id: str | None = None  # None: for every arrangement of provider_id


@dataclass(frozen=True)
class DependencyGraph:
    entities: tuple[Entity, ...]
    functions: tuple[BusinessFunction, ...]
    providers: tuple[Provider, ...]
    arrangements: tuple[Arrangement, ...]
    service_uses: tuple[ServiceUse, ...]
    subcontracting: tuple[Subcontracting, ...] = ()

    def __post_init__(self) -> None:
        for name in ("entities", "functions", "providers", "arrangements"):
            seen: set[str] = set()
            for record in getattr(self, name):
                if record.id in seen:
                    raise GraphError(f"{name}: duplicate id {record.id!r}")
                seen.add(record.id)
        for f in self.functions:
            self._require("entity", f.entity_id, self.entity, f"function {f.id!r}")
        for a in self.arrangements:
            self._require("entity", a.entity_id, self.entity, f"arrangement {a.id!r}")
            self._require("provider", a.provider_id, self.provider, f"arrangement {a.id!r}")
            if a.annual_cost < 0:
                raise GraphError(f"arrangement {a.id!r}: annual_cost must not be negative")
        for i, use in enumerate(self.service_uses):
            where = f"service_uses[{i}]"
            arrangement = self._require("arrangement", use.arrangement_id, self.arrangement, where)
            function = self._require("function", use.function_id, self.function, where)
            if function.entity_id != arrangement.entity_id:
                raise GraphError(
                    f"{where}: function {function.id!r} belongs to entity {function.entity_id!r} "
                    f"but arrangement {arrangement.id!r} to {arrangement.entity_id!r}"
                )
        for i, link in enumerate(self.subcontracting):
            where = f"subcontracting[{i}]"
            self._require("provider", link.provider_id, self.provider, where)
            self._require("provider", link.subcontractor_id, self.provider, where)
            if link.provider_id == link.subcontractor_id:
                raise GraphError(f"{where}: a provider cannot subcontract to itself")
            if link.arrangement_id is not None:
                self._require("arrangement", link.arrangement_id, self.arrangement, where)

    @staticmethod
    def _require(kind: str, key: str, index: dict[str, Indexed], where: str) -> Indexed:
        if key not in index:
            raise GraphError(f"{where}: unknown {kind} {key!r}")
        return index[key]

    @cached_property
    def entity(self) -> dict[str, Entity]:
        """DORA Art. 28(3): entities by identifier."""
        return {e.id: e for e in self.entities}

    @cached_property
    def function(self) -> dict[str, BusinessFunction]:
        """DORA Art. 28(3): business functions by identifier."""
        return {f.id: f for f in self.functions}

    @cached_property
    def provider(self) -> dict[str, Provider]:
        """DORA Art. 28(3): ICT third-party providers by identifier."""
        return {p.id: p for p in self.providers}

    @cached_property
    def arrangement(self) -> dict[str, Arrangement]:
        """DORA Art. 28(3): contractual arrangements by identifier."""
        return {a.id: a for a in self.arrangements}

    @cached_property
    def uses_by_arrangement(self) -> dict[str, tuple[ServiceUse, ...]]:
        """DORA Art. 28(3): ICT service uses grouped by contractual arrangement."""
        grouped: dict[str, list[ServiceUse]] = {}
        for use in self.service_uses:
            grouped.setdefault(use.arrangement_id, []).append(use)
        return {key: tuple(uses) for key, uses in grouped.items()}

    @cached_property
    def subcontracting_by_provider(
        self,
    ) -> dict[tuple[str, str | None], tuple[tuple[int, Subcontracting], ...]]:
        """RTS 2024/1773: subcontracting links grouped by the provider that subcontracts and the
        arrangement they serve (None: every arrangement of that provider), each with its place
        in the list, so that a walk reads only the links of its own arrangement."""
        grouped: dict[tuple[str, str | None], list[tuple[int, Subcontracting]]] = {}
        for place, link in enumerate(self.subcontracting):
            grouped.setdefault((link.provider_id, link.arrangement_id), []).append((place, link))
        return {key: tuple(links) for key, links in grouped.items()}


@dataclass(frozen=True)
class ProviderReach:
    provider_id: str
    direct: frozenset[str]  # critical or important functions served under its own arrangements
    through_subcontracting: frozenset[str]  # ... reached as a subcontractor in a chain

    @property
    def all(self) -> frozenset[str]:
        return self.direct | self.through_subcontracting


@dataclass(frozen=True)
class SinglePointOfFailure:
    function_id: str
    entity_id: str
    provider_id: str
    service_types: tuple[str, ...]


@dataclass(frozen=True)
class CountryExposure:
    country: str
    arrangement_ids: frozenset[str]
    function_ids: frozenset[str]
    critical_function_ids: frozenset[str]


@dataclass(frozen=True)
class CountryConcentration:
    storage: tuple[CountryExposure, ...]
    processing: tuple[CountryExposure, ...]


@dataclass(frozen=True)
class SpendConcentration:
    total: Decimal
    spend: dict[str, Decimal]
    shares: dict[str, Decimal]  # provider id -> share of total spend (0..1)
    hhi: Decimal | None  # None when there is no spend


@dataclass(frozen=True)
class FailureImpact:
    provider_id: str
    chains: dict[str, tuple[str, ...]]  # arrangement id -> provider path down to the failed one
    function_ids: frozenset[str]
    critical_function_ids: frozenset[str]
    crypto_services: frozenset[tuple[str, str]]  # (entity id, crypto-asset service)
    entity_ids: frozenset[str]


def supply_chain(graph: DependencyGraph, arrangement_id: str) -> dict[str, tuple[str, ...]]:
    """DORA Art. 29(2); RTS 2024/1773: every provider in an arrangement's chain with its path."""
    arrangement = graph.arrangement[arrangement_id]
    paths: dict[str, tuple[str, ...]] = {arrangement.provider_id: (arrangement.provider_id,)}
    queue = deque([arrangement.provider_id])
    links = graph.subcontracting_by_provider
    while queue:
        current = queue.popleft()
        # the provider's general links and those of this arrangement, in their listed order
        for _place, link in heapq.merge(
            links.get((current, None), ()), links.get((current, arrangement_id), ())
        ):
            if link.subcontractor_id not in paths:
                paths[link.subcontractor_id] = (*paths[current], link.subcontractor_id)
                queue.append(link.subcontractor_id)
    return paths


def _critical_functions_of(graph: DependencyGraph, arrangement_id: str) -> set[str]:
    return {
        use.function_id
        for use in graph.uses_by_arrangement.get(arrangement_id, ())
        if graph.function[use.function_id].critical_or_important
    }


def critical_functions_per_provider(graph: DependencyGraph) -> list[ProviderReach]:
    """DORA Art. 28(4)(c), Art. 29(1): critical functions each provider supports, ranked."""
    direct: dict[str, set[str]] = {p.id: set() for p in graph.providers}
    indirect: dict[str, set[str]] = {p.id: set() for p in graph.providers}
    for arrangement in graph.arrangements:
        functions = _critical_functions_of(graph, arrangement.id)
        for provider_id in supply_chain(graph, arrangement.id):
            target = direct if provider_id == arrangement.provider_id else indirect
            target[provider_id] |= functions
    reach = [
        ProviderReach(p.id, frozenset(direct[p.id]), frozenset(indirect[p.id]))
        for p in graph.providers
    ]
    return sorted(reach, key=lambda r: (-len(r.all), -len(r.direct), r.provider_id))


def single_points_of_failure(graph: DependencyGraph) -> list[SinglePointOfFailure]:
    """DORA Art. 29(1): critical functions served by exactly one, non-substitutable, provider."""
    by_function: dict[str, dict[str, list[ServiceUse]]] = {}
    for use in graph.service_uses:
        provider_id = graph.arrangement[use.arrangement_id].provider_id
        by_function.setdefault(use.function_id, {}).setdefault(provider_id, []).append(use)
    found = []
    for function in graph.functions:
        providers = by_function.get(function.id, {})
        if not function.critical_or_important or len(providers) != 1:
            continue
        [(provider_id, uses)] = providers.items()
        locked = sorted(
            {
                u.service_type
                for u in uses
                if u.substitutability is Substitutability.NOT_SUBSTITUTABLE
            }
        )
        if locked:
            found.append(
                SinglePointOfFailure(function.id, function.entity_id, provider_id, tuple(locked))
            )
    return found


def country_concentration(graph: DependencyGraph) -> CountryConcentration:
    """DORA Art. 29(2); RTS 2024/1773 Art. 5: where data is stored and processed, by exposure."""
    exposures: dict[str, dict[str, tuple[set[str], set[str], set[str]]]] = {
        "storage": {},
        "processing": {},
    }
    for use in graph.service_uses:
        critical = graph.function[use.function_id].critical_or_important
        for kind, countries in (
            ("storage", use.storage_countries),
            ("processing", use.processing_countries),
        ):
            for country in countries:
                arrangements, functions, criticals = exposures[kind].setdefault(
                    country, (set(), set(), set())
                )
                arrangements.add(use.arrangement_id)
                functions.add(use.function_id)
                if critical:
                    criticals.add(use.function_id)

    def ranked(kind: str) -> tuple[CountryExposure, ...]:
        items = [
            CountryExposure(country, frozenset(a), frozenset(f), frozenset(c))
            for country, (a, f, c) in exposures[kind].items()
        ]
        return tuple(
            sorted(
                items,
                key=lambda e: (-len(e.critical_function_ids), -len(e.function_ids), e.country),
            )
        )

    return CountryConcentration(ranked("storage"), ranked("processing"))


def spend_concentration(graph: DependencyGraph) -> SpendConcentration:
    """DORA Art. 28(4)(c), Art. 29(1): spend share per direct provider and the HHI."""
    spend: dict[str, Decimal] = {}
    for arrangement in graph.arrangements:
        spend[arrangement.provider_id] = (
            spend.get(arrangement.provider_id, Decimal(0)) + arrangement.annual_cost
        )
    total = sum(spend.values(), Decimal(0))
    if total == 0:
        return SpendConcentration(total, spend, {}, None)
    shares = {provider_id: amount / total for provider_id, amount in spend.items()}
    hhi = sum(((share * 100) ** 2 for share in shares.values()), Decimal(0))
    return SpendConcentration(total, spend, shares, hhi)


def if_provider_fails(graph: DependencyGraph, provider_id: str) -> FailureImpact:
    """DORA Art. 28(4)(c), Art. 29(2): what a provider's failure reaches, through subcontracting."""
    if provider_id not in graph.provider:
        raise GraphError(f"unknown provider {provider_id!r}")
    chains: dict[str, tuple[str, ...]] = {}
    entities: set[str] = set()
    functions: set[str] = set()
    for arrangement in graph.arrangements:
        path = supply_chain(graph, arrangement.id).get(provider_id)
        if path is None:
            continue
        chains[arrangement.id] = path
        entities.add(arrangement.entity_id)
        functions |= {u.function_id for u in graph.uses_by_arrangement.get(arrangement.id, ())}
    affected = [graph.function[f] for f in functions]
    entities |= {f.entity_id for f in affected}
    return FailureImpact(
        provider_id,
        dict(sorted(chains.items())),
        frozenset(functions),
        frozenset(f.id for f in affected if f.critical_or_important),
        frozenset((f.entity_id, s) for f in affected for s in f.crypto_services),
        frozenset(entities),
    )


def providers_by_failure_impact(graph: DependencyGraph) -> list[FailureImpact]:
    """DORA Art. 29(1): providers whose failure touches the most critical functions first."""
    impacts = [if_provider_fails(graph, p.id) for p in graph.providers]
    return sorted(
        impacts,
        key=lambda i: (-len(i.critical_function_ids), -len(i.function_ids), i.provider_id),
    )


# --- SVG rendering -------------------------------------------------------------------------

_NODE_W, _NODE_H, _COL_GAP, _ROW_GAP, _TOP, _MARGIN = 210, 38, 80, 12, 56, 20
_LABEL_MAX = 30
_CRITICAL = "#C62828"


@dataclass
class _Column:
    title: str
    nodes: list[tuple[str, str, str, bool]] = field(default_factory=list)  # key, label, tip, crit


# The map's words, in English; the page passes them in the reader's language.
SVG_TITLES = {
    "entities": "Entities",
    "functions": "Business functions",
    "providers": "ICT providers",
    "subcontractors": "Subcontractors",
    "subcontractors_rank": "Subcontractors (rank {rank})",
    "map": "ICT third-party dependency map",
}


def _columns(graph: DependencyGraph, titles: dict[str, str]) -> list[_Column]:
    direct = {a.provider_id for a in graph.arrangements}
    depth: dict[str, int] = {}
    for arrangement in graph.arrangements:
        for pid, path in supply_chain(graph, arrangement.id).items():
            if pid not in direct:
                depth[pid] = min(depth.get(pid, len(path)), len(path))
    columns = [
        _Column(titles["entities"], [(f"e:{e.id}", e.name, e.id, False) for e in graph.entities]),
        _Column(
            titles["functions"],
            [
                (f"f:{f.id}", f.name, f.id, f.critical_or_important)
                for f in sorted(graph.functions, key=lambda f: (f.entity_id, f.id))
            ],
        ),
        _Column(
            titles["providers"],
            [(f"p:{p.id}", p.name, p.id, False) for p in graph.providers if p.id in direct],
        ),
    ]
    for rank in sorted(set(depth.values())):
        title = (
            titles["subcontractors"]
            if rank == 2
            else titles["subcontractors_rank"].format(rank=rank)
        )
        columns.append(
            _Column(
                title,
                [
                    (f"p:{p.id}", p.name, p.id, False)
                    for p in graph.providers
                    if depth.get(p.id) == rank
                ],
            )
        )
    return columns


def _edges(graph: DependencyGraph) -> set[tuple[str, str, bool]]:
    edges = {(f"e:{f.entity_id}", f"f:{f.id}", f.critical_or_important) for f in graph.functions}
    for use in graph.service_uses:
        provider_id = graph.arrangement[use.arrangement_id].provider_id
        critical = graph.function[use.function_id].critical_or_important
        edges.add((f"f:{use.function_id}", f"p:{provider_id}", critical))
    for link in graph.subcontracting:
        edges.add((f"p:{link.provider_id}", f"p:{link.subcontractor_id}", False))
    return edges


def dependency_svg(graph: DependencyGraph, titles: dict[str, str] | None = None) -> str:
    """DORA Art. 28(4)(c), Art. 29: static layered SVG map of ICT dependencies for the board.
    `titles` gives the map's words (SVG_TITLES' keys) in the reader's language."""
    titles = {**SVG_TITLES, **(titles or {})}
    columns = _columns(graph, titles)
    position: dict[str, tuple[int, int]] = {}
    for c, column in enumerate(columns):
        for r, (key, *_rest) in enumerate(column.nodes):
            position[key] = (
                _MARGIN + c * (_NODE_W + _COL_GAP),
                _TOP + r * (_NODE_H + _ROW_GAP),
            )
    rows = max((len(col.nodes) for col in columns), default=0)
    width = 2 * _MARGIN + len(columns) * (_NODE_W + _COL_GAP)  # room for in-column links
    height = _TOP + rows * (_NODE_H + _ROW_GAP) + 40
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" font-size="12" '
        f'role="img" aria-label="{escape(titles["map"])}">',
        f"<title>{escape(titles['map'])}</title>",
        f'<rect width="{width}" height="{height}" fill="#FFFFFF"/>',
    ]
    for c, column in enumerate(columns):
        x = _MARGIN + c * (_NODE_W + _COL_GAP)
        out.append(
            f'<text x="{x}" y="{_TOP - 18}" font-weight="bold" font-size="13">'
            f"{escape(column.title)}</text>"
        )
    for source, target, critical in sorted(_edges(graph)):
        if source not in position or target not in position:
            continue
        x1, y1 = position[source]
        x2, y2 = position[target]
        colour, stroke_width = (_CRITICAL, 2) if critical else ("#9E9E9E", 1)
        sx, sy, ty = x1 + _NODE_W, y1 + _NODE_H // 2, y2 + _NODE_H // 2
        if x2 > x1:
            d = f"M{sx},{sy} C{sx + _COL_GAP // 2},{sy} {x2 - _COL_GAP // 2},{ty} {x2},{ty}"
        else:  # link inside one column: bulge to the right
            d = f"M{sx},{sy} C{sx + _COL_GAP // 2},{sy} {sx + _COL_GAP // 2},{ty} {sx},{ty}"
        out.append(
            f'<path class="edge" d="{d}" fill="none" stroke="{colour}" stroke-width="{stroke_width}"/>'
        )
    for column in columns:
        for key, label, tip, critical in column.nodes:
            x, y = position[key]
            short = label if len(label) <= _LABEL_MAX else label[: _LABEL_MAX - 1] + "\u2026"
            fill, stroke, css = (
                ("#FDECEA", _CRITICAL, "node critical")
                if critical
                else ("#F5F5F5", "#616161", "node")
            )
            note = " \u00b7 critical or important" if critical else ""
            out.append(
                f'<g class="{css}" data-id="{escape(key)}">'
                f"<title>{escape(label)} ({escape(tip)})</title>"
                f'<rect x="{x}" y="{y}" width="{_NODE_W}" height="{_NODE_H}" rx="4" '
                f'fill="{fill}" stroke="{stroke}" stroke-width="{2 if critical else 1}"/>'
                f'<text x="{x + 8}" y="{y + 16}">{escape(short)}</text>'
                f'<text x="{x + 8}" y="{y + 30}" font-size="10" fill="#616161">{escape(tip)}'
                f"{note}</text></g>"
            )
    out.append(
        f'<text x="{_MARGIN}" y="{height - 14}" font-size="11" fill="{_CRITICAL}">'
        "Red: critical or important functions and the dependencies that support them.</text>"
    )
    out.append("</svg>")
    return "\n".join(out)
