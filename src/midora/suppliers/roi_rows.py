"""Database records -> Register of Information rows for one entity and reference date.

DORA Art. 28(3); ITS (EU) 2024/2956 Annex I. ``build_register`` reads the records with a few
``values()`` queries (no model instances) so a register of 10,000 arrangements stays fast.

What is reported:
- IND: the entity itself; CON: the entity and every entity below it in the group.
- Arrangements signed by, used by, or supporting a function of an entity in scope, in force on
  the reference date or ended in the twelve months before it, plus the overarching and linked
  arrangements they name (so every key resolves).
- B_01.02 lists the entities in scope plus the signing, using and intra-group providing entities
  and the parents the rows name, so R1-R6 resolve.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from midora.core.models import BusinessFunction, LegalEntity, ServiceOffering
from midora.suppliers import codes
from midora.suppliers.models import (
    ContractualArrangement,
    EntityRegisterData,
    FunctionRegisterData,
    ICTProvider,
    ICTServiceUse,
    ServiceAssessment,
    Subcontractor,
)
from midora.suppliers.roi.package import ReportParameters
from midora.suppliers.roi.values import Register

CHUNK = 900
ULTIMATE_PARENT, PARENT, SUBSIDIARY = "eba_RP:x53", "eba_RP:x551", "eba_RP:x56"
END_OF_TIME = dt.date(9999, 12, 31)
LOOKBACK = dt.timedelta(days=365)


class RegisterScopeError(ValueError):
    """The register cannot be built as asked (unknown entity, bad level)."""


@dataclass(frozen=True)
class BuiltRegister:
    """A register with its report parameters and what it covers."""

    register: Register
    params: ReportParameters
    entity_ids: frozenset[int]  # entities in scope (IND: one; CON: the group below)
    arrangement_ids: frozenset[int]


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    batch = sorted(ids)
    for start in range(0, len(batch), CHUNK):
        yield batch[start : start + CHUNK]


def _values(queryset: Any, field: str, ids: Iterable[int], *columns: str) -> list[dict]:
    rows: list[dict] = []
    for chunk in _chunks(ids):
        rows.extend(queryset.filter(**{f"{field}__in": chunk}).values(*columns))
    return rows


def scope_entity_ids(entity: LegalEntity, level: str) -> set[int]:
    """IND: the entity; CON: the entity and every entity below it (DORA Art. 28(3))."""
    if level not in ("IND", "CON"):
        raise RegisterScopeError(f"level must be IND or CON, not {level!r}")
    found = {entity.pk}
    if level == "CON":
        children: dict[int, list[int]] = {}
        for pk, parent in LegalEntity.objects.values_list("pk", "parent_id"):
            children.setdefault(parent, []).append(pk)
        frontier = [entity.pk]
        while frontier:
            nxt = [c for p in frontier for c in children.get(p, []) if c not in found]
            found.update(nxt)
            frontier = nxt
    return found


@dataclass(frozen=True)
class ArrangementSet:
    """The arrangements of a register: a query (no id list, so it scales) plus the few
    arrangements added so that every key resolves."""

    base: QuerySet
    extra: frozenset[int]
    ids: frozenset[int]

    def rows(self, queryset: QuerySet, field: str, *columns: str) -> list[dict]:
        """``values(*columns)`` of the records whose ``field`` points at these arrangements."""
        found = list(queryset.filter(**{f"{field}__in": self.base.values("pk")}).values(*columns))
        if self.extra:
            found += _values(queryset, field, self.extra, *columns)
        return found


def arrangements_in_scope(entity_ids: set[int], reference_date: dt.date) -> ArrangementSet:
    """Arrangements the register of these entities reports on ``reference_date``."""
    through = ContractualArrangement.using_entities.through
    used = through.objects.filter(legalentity_id__in=entity_ids).values("contractualarrangement_id")
    serving = ICTServiceUse.objects.filter(function__entity_id__in=entity_ids).values(
        "arrangement_id"
    )
    in_force = (Q(start_date__isnull=True) | Q(start_date__lte=reference_date)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=reference_date - LOOKBACK)
    )
    base = ContractualArrangement.objects.filter(
        Q(entity_id__in=entity_ids) | Q(pk__in=used) | Q(pk__in=serving)
    ).filter(in_force)
    ids = set(base.values_list("pk", flat=True))
    links = ContractualArrangement.linked_arrangements.through
    named = set(base.exclude(overarching=None).values_list("overarching_id", flat=True))
    named |= set(
        links.objects.filter(from_contractualarrangement_id__in=base.values("pk")).values_list(
            "to_contractualarrangement_id", flat=True
        )
    )
    extra = _close_arrangements(named - ids, ids)
    return ArrangementSet(base, frozenset(extra), frozenset(ids | extra))


def _close_arrangements(frontier: set[int], known: set[int]) -> set[int]:
    """The overarching and linked arrangements the rows name (R12, R13), not yet ``known``."""
    links = ContractualArrangement.linked_arrangements.through
    added: set[int] = set()
    while frontier:
        added |= frontier
        named = {
            row["overarching_id"]
            for row in _values(ContractualArrangement.objects, "pk", frontier, "overarching_id")
            if row["overarching_id"]
        }
        named |= {
            row["to_contractualarrangement_id"]
            for row in _values(
                links.objects,
                "from_contractualarrangement_id",
                frontier,
                "to_contractualarrangement_id",
            )
        }
        frontier = named - known - added
    return added


def _hours(value: Decimal | None) -> int | None:
    return None if value is None else math.ceil(value)


def _qname_country(iso: str) -> str:
    return f"eba_GA:{iso}"


class _Builder:
    def __init__(self, entity: LegalEntity, reference_date: dt.date, level: str) -> None:
        self.entity = entity
        self.reference_date = reference_date
        self.level = level
        self.scope = scope_entity_ids(entity, level)
        self.register: Register = {}
        self.entity_ids: set[int] = set(self.scope)
        self.provider_ids: set[int] = set()

    def rows(self, code: str) -> list[dict[str, Any]]:
        return self.register.setdefault(code, [])

    def build(self) -> BuiltRegister:
        chosen = arrangements_in_scope(self.scope, self.reference_date)
        self.arrangements(chosen)
        self.functions()
        self.providers()
        self.entities()
        data = EntityRegisterData.objects.filter(entity=self.entity).first()
        if data is not None and data.definitions:
            self.rows("B_99.01").append(dict(sorted(data.definitions.items())))
        currency = codes.iso_of(data.currency if data else codes.EURO) or "EUR"
        params = ReportParameters(
            self.entity.lei,
            self.reference_date,
            currency,
            self.entity.authority_country,
            self.level,
        )
        register = {code: rows for code, rows in self.register.items() if rows}
        return BuiltRegister(register, params, frozenset(self.scope), chosen.ids)

    # --- arrangements and what hangs off them -------------------------------------------------

    def arrangements(self, ids: ArrangementSet) -> None:
        fields = (
            "pk",
            "reference",
            "arrangement_type",
            "overarching__reference",
            "currency",
            "annual_cost",
            "start_date",
            "end_date",
            "termination_reason",
            "notice_period_entity",
            "notice_period_provider",
            "governing_law",
            "entity_id",
            "entity__lei",
            "provider_id",
            "provider__identification_code",
            "provider__code_type",
            "provider__group_entity_id",
            "provider__group_entity__lei",
        )
        arrangements = {
            row["pk"]: row for row in ids.rows(ContractualArrangement.objects, "pk", *fields)
        }
        self.arrangement_rows = arrangements
        using: dict[int, list[int]] = {}
        through = ContractualArrangement.using_entities.through
        for row in ids.rows(
            through.objects,
            "contractualarrangement_id",
            "contractualarrangement_id",
            "legalentity_id",
        ):
            using.setdefault(row["contractualarrangement_id"], []).append(row["legalentity_id"])
        for a in arrangements.values():
            self.provider_ids.add(a["provider_id"])
            self.entity_ids.add(a["entity_id"])
            self.rows("B_02.01").append(
                {
                    "c0010": a["reference"],
                    "c0020": a["arrangement_type"] or None,
                    "c0030": a["overarching__reference"],
                    "c0040": a["currency"] or None,
                    "c0050": a["annual_cost"],
                }
            )
            self.rows("B_03.01").append(
                {"c0010": a["reference"], "c0020": a["entity__lei"], "c0030": True}
            )
            self.rows("B_03.02").append(
                {
                    "c0010": a["reference"],
                    "c0020": a["provider__identification_code"],
                    "c0030": a["provider__code_type"] or None,
                }
            )
            if a["provider__group_entity_id"]:
                self.entity_ids.add(a["provider__group_entity_id"])
                self.rows("B_03.03").append(
                    {
                        "c0010": a["reference"],
                        "c0020": a["provider__group_entity__lei"],
                        "c0031": True,
                    }
                )
        self.using = using
        links = ContractualArrangement.linked_arrangements.through
        for row in ids.rows(
            links.objects,
            "from_contractualarrangement_id",
            "from_contractualarrangement__reference",
            "to_contractualarrangement__reference",
        ):
            self.rows("B_02.03").append(
                {
                    "c0010": row["from_contractualarrangement__reference"],
                    "c0020": row["to_contractualarrangement__reference"],
                    "c0030": True,
                }
            )
        self.service_uses(ids)
        self.assessments(ids)
        self.supply_chain(ids)

    def service_uses(self, ids: ArrangementSet) -> None:
        fields = (
            "arrangement_id",
            "function__identifier",
            "function__entity_id",
            "function__entity__lei",
            "service_type",
            "provision_country",
            "stores_data",
            "storage_location",
            "processing_location",
            "data_sensitivity",
            "reliance_level",
        )
        uses = ICTServiceUse.objects.filter(function__entity_id__in=self.scope)
        for u in ids.rows(uses, "arrangement_id", *fields):
            a = self.arrangement_rows[u["arrangement_id"]]
            self.rows("B_02.02").append(
                {
                    "c0010": a["reference"],
                    "c0020": u["function__entity__lei"],
                    "c0030": a["provider__identification_code"],
                    "c0040": a["provider__code_type"] or None,
                    "c0050": u["function__identifier"],
                    "c0060": u["service_type"],
                    "c0070": a["start_date"],
                    "c0080": a["end_date"] or END_OF_TIME,  # open-ended (EBA: 9999-12-31)
                    "c0090": a["termination_reason"] or None,
                    "c0100": a["notice_period_entity"],
                    "c0110": a["notice_period_provider"],
                    "c0120": a["governing_law"] or None,
                    "c0130": u["provision_country"],
                    "c0140": u["stores_data"] or None,
                    "c0150": u["storage_location"],
                    "c0160": u["processing_location"],
                    "c0170": u["data_sensitivity"] or None,
                    "c0180": u["reliance_level"] or None,
                }
            )

    def using_rows(self, lei_of: dict[int, str]) -> None:
        for pk, a in self.arrangement_rows.items():
            users = self.using.get(pk) or [a["entity_id"]]
            for entity_id in users:
                if entity_id in lei_of:
                    self.rows("B_04.01").append(
                        {
                            "c0010": a["reference"],
                            "c0020": lei_of[entity_id],
                            "c0030": codes.NOT_A_BRANCH,
                            "c0040": codes.NO_BRANCH_CODE,
                        }
                    )

    def assessments(self, ids: ArrangementSet) -> None:
        fields = (
            "arrangement_id",
            "service_type",
            "substitutability",
            "reason_not_substitutable",
            "last_audit",
            "exit_plan",
            "reintegration",
            "discontinuation_impact",
            "alternatives_identified",
            "alternative_providers",
        )
        for s in ids.rows(ServiceAssessment.objects, "arrangement_id", *fields):
            a = self.arrangement_rows[s["arrangement_id"]]
            self.rows("B_07.01").append(
                {
                    "c0010": a["reference"],
                    "c0020": a["provider__identification_code"],
                    "c0030": a["provider__code_type"] or None,
                    "c0040": s["service_type"],
                    "c0050": s["substitutability"] or None,
                    "c0060": s["reason_not_substitutable"] or None,
                    "c0070": s["last_audit"],
                    "c0080": s["exit_plan"] or None,
                    "c0090": s["reintegration"] or None,
                    "c0100": s["discontinuation_impact"] or None,
                    "c0110": s["alternatives_identified"] or None,
                    "c0120": s["alternative_providers"] or None,
                }
            )

    def supply_chain(self, ids: ArrangementSet) -> None:
        fields = ("arrangement_id", "service_type", "provider_id", "rank", "recipient_id")
        self.chain = ids.rows(Subcontractor.objects, "arrangement_id", *fields)
        for link in self.chain:
            self.provider_ids.update((link["provider_id"], link["recipient_id"]))

    # --- providers, functions, entities ------------------------------------------------------

    def providers(self) -> None:
        fields = (
            "pk",
            "identification_code",
            "code_type",
            "additional_code",
            "additional_code_type",
            "name",
            "name_latin",
            "person_type",
            "hq_country",
            "currency",
            "annual_expense",
            "ultimate_parent_id",
        )
        found: dict[int, dict] = {}
        frontier = set(self.provider_ids)
        while frontier:
            for row in _values(ICTProvider.objects, "pk", frontier, *fields):
                found[row["pk"]] = row
            frontier = {
                r["ultimate_parent_id"] for r in found.values() if r["ultimate_parent_id"]
            } - set(found)
        for p in found.values():
            # not part of a group: the provider is its own ultimate parent (e23674_e)
            parent = found.get(p["ultimate_parent_id"]) or p if p["ultimate_parent_id"] else p
            self.rows("B_05.01").append(
                {
                    "c0010": p["identification_code"],
                    "c0020": p["code_type"] or None,
                    "c0030": p["additional_code"] or None,
                    "c0040": p["additional_code_type"] or None,
                    "c0050": p["name"],
                    "c0060": p["name_latin"] or p["name"],
                    "c0070": p["person_type"] or None,
                    "c0080": p["hq_country"] or None,
                    "c0090": p["currency"] or None,
                    "c0100": p["annual_expense"],
                    "c0110": parent["identification_code"],
                    "c0120": parent["code_type"] or None,
                }
            )
        for link in self.chain:
            a = self.arrangement_rows[link["arrangement_id"]]
            sub, rec = found[link["provider_id"]], found[link["recipient_id"]]
            self.rows("B_05.02").append(
                {
                    "c0010": a["reference"],
                    "c0020": link["service_type"],
                    "c0030": sub["identification_code"],
                    "c0040": sub["code_type"] or None,
                    "c0050": link["rank"],
                    "c0060": rec["identification_code"],
                    "c0070": rec["code_type"] or None,
                }
            )

    def functions(self) -> None:
        fields = (
            "pk",
            "identifier",
            "name",
            "entity_id",
            "entity__lei",
            "criticality",
            "criticality_rationale",
            "last_assessed",
            "rto_hours",
            "rpo_hours",
            "crypto_services",
        )
        data = {
            d["function_id"]: d
            for d in FunctionRegisterData.objects.filter(function__entity_id__in=self.scope).values(
                "function_id",
                "licenced_activity",
                "criticality_assessment",
                "discontinuation_impact",
            )
        }
        offered: dict[int, list[str]] = {}
        for entity_id, service in (
            ServiceOffering.objects.filter(entity_id__in=self.scope)
            .order_by("service")
            .values_list("entity_id", "service")
        ):
            offered.setdefault(entity_id, []).append(service)
        activities = codes.crypto_service_activities()
        for f in BusinessFunction.objects.filter(entity_id__in=self.scope).values(*fields):
            extra = data.get(f["pk"], {})
            critical = f["criticality"] == "critical"
            services = list(f["crypto_services"] or []) or offered.get(f["entity_id"], [])
            activity = extra.get("licenced_activity") or (
                activities.get(services[0]) if services else None
            )
            self.rows("B_06.01").append(
                {
                    "c0010": f["identifier"],
                    "c0020": activity or None,
                    "c0030": f["name"],
                    "c0040": f["entity__lei"],
                    "c0050": extra.get("criticality_assessment")
                    or (codes.YES if critical else codes.NO),
                    "c0060": f["criticality_rationale"] or None,
                    "c0070": f["last_assessed"],
                    "c0080": _hours(f["rto_hours"]),
                    "c0090": _hours(f["rpo_hours"]),
                    "c0100": extra.get("discontinuation_impact")
                    or ("eba_ZZ:x793" if critical else "eba_ZZ:x791"),
                }
            )

    def entities(self) -> None:
        fields = ("pk", "lei", "name", "country", "entity_type", "parent_id", "created_at")
        found: dict[int, dict] = {}
        frontier = set(self.entity_ids)
        while frontier:
            for row in _values(LegalEntity.objects, "pk", frontier, *fields):
                found[row["pk"]] = row
            frontier = {r["parent_id"] for r in found.values() if r["parent_id"]} - set(found)
        has_children = {r["parent_id"] for r in found.values() if r["parent_id"]}
        has_children |= set(
            LegalEntity.objects.filter(parent_id__in=list(found)).values_list(
                "parent_id", flat=True
            )
        )
        data = {
            d["entity_id"]: d
            for d in _values(
                EntityRegisterData.objects,
                "entity_id",
                found,
                "entity_id",
                "hierarchy",
                "integrated_on",
                "deleted_on",
                "last_update",
                "currency",
                "total_assets",
            )
        }
        me = found[self.entity.pk]
        self.rows("B_01.01").append(
            {
                "c0010": me["lei"],
                "c0020": me["name"],
                "c0030": _qname_country(me["country"]),
                "c0040": me["entity_type"],
                "c0050": self.entity.authority.short_name if self.entity.authority else None,
                "c0060": self.reference_date,
            }
        )
        for e in found.values():
            extra = data.get(e["pk"], {})
            parent = found.get(e["parent_id"]) if e["parent_id"] else None
            derived = (
                ULTIMATE_PARENT
                if parent is None
                else PARENT
                if e["pk"] in has_children
                else SUBSIDIARY
            )
            self.rows("B_01.02").append(
                {
                    "c0010": e["lei"],
                    "c0020": e["name"],
                    "c0030": _qname_country(e["country"]),
                    "c0040": e["entity_type"],
                    "c0050": extra.get("hierarchy") or derived,
                    "c0060": parent["lei"] if parent else e["lei"],
                    "c0070": extra.get("last_update") or self.reference_date,
                    "c0080": extra.get("integrated_on") or e["created_at"].date(),
                    "c0090": extra.get("deleted_on") or END_OF_TIME,
                    "c0100": extra.get("currency") or codes.EURO,
                    "c0110": extra.get("total_assets"),
                }
            )
        self.using_rows({pk: e["lei"] for pk, e in found.items()})


def build_register(
    entity: LegalEntity, reference_date: dt.date, level: str = "IND"
) -> BuiltRegister:
    """DORA Art. 28(3); ITS (EU) 2024/2956: the register of ``entity`` on ``reference_date``."""
    return _Builder(entity, reference_date, level).build()


def entity_by_lei(lei: str) -> LegalEntity:
    """The legal entity with this LEI; RegisterScopeError naming it otherwise."""
    entity = LegalEntity.objects.filter(lei=lei.strip().upper()).first()
    if entity is None:
        raise RegisterScopeError(f"no legal entity with LEI {lei}")
    return entity
