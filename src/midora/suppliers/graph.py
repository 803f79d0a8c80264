"""Database records -> the concentration engine's dependency graph (DORA Art. 28(4), 29)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from midora.core.models import BusinessFunction, LegalEntity
from midora.suppliers.engine.concentration import (
    Arrangement,
    DependencyGraph,
    Entity,
    Provider,
    ServiceUse,
    Subcontracting,
    Substitutability,
)
from midora.suppliers.engine.concentration import (
    BusinessFunction as GraphFunction,
)
from midora.suppliers.models import (
    ContractualArrangement,
    ICTProvider,
    ICTServiceUse,
    ServiceAssessment,
    Subcontractor,
)

SUBSTITUTABILITY = {
    "eba_ZZ:x959": Substitutability.NOT_SUBSTITUTABLE,
    "eba_ZZ:x960": Substitutability.HIGHLY_COMPLEX,
    "eba_ZZ:x961": Substitutability.MEDIUM,
    "eba_ZZ:x962": Substitutability.EASY,
}
UNASSESSED = Substitutability.MEDIUM
"""A service without an assessment is not counted as a single point of failure."""


def _iso(qname: str) -> str:
    return qname.split(":", 1)[1] if qname and not qname.endswith("qx2007") else ""


def dependency_graph(entity_ids: set[int]) -> DependencyGraph:
    """The graph of the arrangements signed by, or serving functions of, these entities.

    An arrangement whose services support functions of several entities (a group contract)
    appears once per entity using it, with its annual cost counted on the signer's copy.
    """
    entities = {e.pk: Entity(e.lei, e.name) for e in LegalEntity.objects.filter(pk__in=entity_ids)}
    functions = list(
        BusinessFunction.objects.filter(entity_id__in=entity_ids).select_related("entity")
    )
    seen_ids = defaultdict(int)
    for f in functions:
        seen_ids[f.identifier] += 1
    fid = {
        f.pk: f.identifier if seen_ids[f.identifier] == 1 else f"{f.identifier}#{f.pk}"
        for f in functions
    }
    graph_functions = [
        GraphFunction(
            fid[f.pk],
            f.entity.lei,
            f.name,
            f.is_critical,
            frozenset(f.crypto_services or []),
        )
        for f in functions
    ]
    uses = list(
        ICTServiceUse.objects.filter(function__entity_id__in=entity_ids).values(
            "arrangement_id",
            "function_id",
            "function__entity_id",
            "service_type",
            "storage_location",
            "processing_location",
        )
    )
    arrangement_ids = {u["arrangement_id"] for u in uses} | set(
        ContractualArrangement.objects.filter(entity_id__in=entity_ids).values_list("pk", flat=True)
    )
    rows = {
        a["pk"]: a
        for a in ContractualArrangement.objects.filter(pk__in=arrangement_ids).values(
            "pk", "reference", "entity_id", "provider_id", "annual_cost"
        )
    }
    substitutability = {
        (s["arrangement_id"], s["service_type"]): s["substitutability"]
        for s in ServiceAssessment.objects.filter(arrangement_id__in=arrangement_ids).values(
            "arrangement_id", "service_type", "substitutability"
        )
    }
    chain = list(
        Subcontractor.objects.filter(arrangement_id__in=arrangement_ids, rank__gt=1).values(
            "arrangement_id", "provider_id", "recipient_id"
        )
    )
    provider_ids = {a["provider_id"] for a in rows.values()}
    provider_ids |= {c["provider_id"] for c in chain} | {c["recipient_id"] for c in chain}
    providers = {
        p.pk: Provider(p.identification_code, p.name, _iso(p.hq_country))
        for p in ICTProvider.objects.filter(pk__in=provider_ids)
    }
    copies: dict[tuple[int, int], str] = {}  # (arrangement pk, entity pk) -> graph id

    def graph_id(pk: int, entity_pk: int) -> str:
        key = (pk, entity_pk)
        if key not in copies:
            row = rows[pk]
            signer = row["entity_id"] == entity_pk
            copies[key] = (
                row["reference"] if signer else f"{row['reference']} @ {entities[entity_pk].name}"
            )
        return copies[key]

    for pk, row in rows.items():
        if row["entity_id"] in entities:
            graph_id(pk, row["entity_id"])
    service_uses = []
    for u in uses:
        sub = SUBSTITUTABILITY.get(
            substitutability.get((u["arrangement_id"], u["service_type"]), "")
        )
        service_uses.append(
            ServiceUse(
                graph_id(u["arrangement_id"], u["function__entity_id"]),
                fid[u["function_id"]],
                u["service_type"],
                sub or UNASSESSED,
                frozenset(filter(None, [_iso(u["storage_location"])])),
                frozenset(filter(None, [_iso(u["processing_location"])])),
            )
        )
    graph_arrangements = [
        Arrangement(
            gid,
            entities[entity_pk].id,
            providers[rows[pk]["provider_id"]].id,
            (rows[pk]["annual_cost"] or Decimal(0))
            if rows[pk]["entity_id"] == entity_pk
            else Decimal(0),
        )
        for (pk, entity_pk), gid in copies.items()
    ]
    by_arrangement = defaultdict(list)
    for (pk, _entity), gid in copies.items():
        by_arrangement[pk].append(gid)
    links = {
        Subcontracting(providers[c["recipient_id"]].id, providers[c["provider_id"]].id, gid)
        for c in chain
        if c["recipient_id"] != c["provider_id"]
        for gid in by_arrangement.get(c["arrangement_id"], [])
    }
    return DependencyGraph(
        tuple(entities.values()),
        tuple(graph_functions),
        tuple(sorted(providers.values(), key=lambda p: p.name)),
        tuple(sorted(graph_arrangements, key=lambda a: a.id)),
        tuple(service_uses),
        tuple(
            sorted(
                links,
                key=lambda link: (
                    link.arrangement_id or "",
                    link.provider_id,
                    link.subcontractor_id,
                ),
            )
        ),
    )
