"""Demo step: ICT third-party providers, contractual arrangements, services, supply chains,
assessments, Art. 30 clause reviews and exit plans of the demo CASP group.

About 100 arrangements per unit of ``ctx.scale`` (``midora demo --scale 100`` gives about
10,000 arrangements, the size of the Register of Information benchmark).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib import resources
from typing import Any

import yaml

from midora.core import audit
from midora.core.audit_bulk import link_in_bulk
from midora.core.demo import make_lei
from midora.core.models import BusinessFunction, LegalEntity
from midora.suppliers import codes
from midora.suppliers.engine.clauses import required_clauses
from midora.suppliers.models import (
    ClauseReview,
    ContractualArrangement,
    EntityRegisterData,
    ExitPlan,
    ICTProvider,
    ICTServiceUse,
    ServiceAssessment,
    Subcontractor,
)

ORDER = 40
ARRANGEMENTS_PER_SCALE = 100
REVIEWED_ARRANGEMENTS_MAX = 1500
LOCKED_FUNCTIONS = {"KEYM"}


def _catalogue() -> dict[str, Any]:
    """The demo providers and the providers serving each kind of function (YAML data file)."""
    text = resources.files("midora.data").joinpath("demo/suppliers_providers.yaml").read_text()
    return yaml.safe_load(text)


_DATA = _catalogue()
# key, name, category, HQ country, ICT service types, substitutability, subcontractor keys
PROVIDERS = [
    (
        p["key"],
        p["name"],
        p["category"],
        p["country"],
        p["services"],
        p["substitutability"],
        p["subcontractors"],
    )
    for p in _DATA["providers"]
]
CATEGORIES_BY_FUNCTION: dict[str, list[str]] = _DATA["providers_by_function"]
SENSITIVITY = {"CUST": "x793", "KEYM": "x793", "ONBD": "x793", "PAYM": "x793", "TRSF": "x793"}
REASON_FOR = {"x959": "eba_ZZ:x965", "x960": "eba_ZZ:x964"}
FINDINGS = [("present", 70), ("partial", 15), ("missing", 15)]


def _weighted(ctx: Any, options: list[tuple[str, int]]) -> str:
    return ctx.rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _providers(ctx: Any) -> dict[str, ICTProvider]:
    providers: dict[str, ICTProvider] = {}
    rows = list(PROVIDERS)
    for index in range(5 * (ctx.scale - 1)):
        base = ctx.rng.choice(PROVIDERS[:21])
        country = ctx.rng.choice(["FR", "DE", "NL", "ES", "IT", "PL", "IE", "LU", "BE", "AT"])
        rows.append(
            (
                f"r{index}",
                f"{base[1].split()[0]} Regional Partner {country} {index:03d}",
                base[2],
                country,
                base[4],
                base[5],
                [],
            )
        )
    for number, (key, name, category, country, *_rest) in enumerate(rows):
        providers[key] = ICTProvider(
            name=name,
            identification_code=make_lei("5493", f"ICTP{number:08d}"),
            code_type=codes.LEI_TYPE,
            person_type="eba_CT:x212",
            hq_country=f"eba_GA:{country}",
            currency=codes.EURO,
            category=category,
            description=f"{category} provider of the group.",
        )
    ICTProvider.objects.bulk_create(providers.values())
    audit.record_created(providers.values())
    ctx.refs["provider_rows"] = {r[0]: r for r in rows}
    return providers


def _intra_group_provider(ctx: Any, holding: LegalEntity) -> ICTProvider:
    provider = ICTProvider(
        name=f"{holding.name} (group IT)",
        identification_code=holding.lei,
        code_type=codes.LEI_TYPE,
        hq_country=f"eba_GA:{holding.country}",
        group_entity=holding,
        category="Intra-group ICT services",
        description="Shared identity, network and workplace services run by the holding.",
    )
    provider.save()
    ctx.refs["provider_rows"]["group"] = (
        "group",
        provider.name,
        provider.category,
        holding.country,
        ["S13", "S04", "S03"],
        "x961",
        ["nimbus"],
    )
    return provider


class _Arrangements:
    """Builds arrangements and everything hanging off them, then saves them in bulk."""

    def __init__(self, ctx: Any, providers: dict[str, ICTProvider]) -> None:
        self.ctx = ctx
        self.providers = providers
        self.rows = ctx.refs["provider_rows"]
        self.arrangements: list[ContractualArrangement] = []
        self.uses: list[tuple[int, BusinessFunction, str, str]] = []  # (index, fn, service, key)
        self.links: list[tuple[int, int]] = []
        self.using: list[tuple[int, LegalEntity]] = []

    def add(
        self,
        entity: LegalEntity,
        key: str,
        functions: list[BusinessFunction],
        reference: str,
        **fields: Any,
    ) -> int:
        rng, today = self.ctx.rng, self.ctx.today
        start = today - dt.timedelta(days=rng.randint(60, 6 * 365))
        ended = rng.random() < 0.04
        end = (
            today - dt.timedelta(days=rng.randint(10, 300))
            if ended
            else (None if rng.random() < 0.45 else today + dt.timedelta(days=rng.randint(90, 1500)))
        )
        row = self.rows[key]
        arrangement = ContractualArrangement(
            reference=reference,
            provider=self.providers[key],
            entity=entity,
            title=f"{row[2]} services for {entity.name}",
            start_date=start,
            end_date=end,
            termination_reason=rng.choice(["eba_CO:x4", "eba_CO:x9"]) if ended else "",
            notice_period_entity=rng.choice([30, 60, 90, 180]),
            notice_period_provider=rng.choice([90, 180, 365]),
            governing_law=f"eba_GA:{rng.choice([entity.country, row[3]])}",
            currency=codes.EURO,
            annual_cost=Decimal(rng.randrange(6_000, 900_000, 500)),
            owner=self.ctx.refs["users"]["ciso"],
        )
        for name, value in fields.items():
            setattr(arrangement, name, value)
        self.arrangements.append(arrangement)
        index = len(self.arrangements) - 1
        services = row[4]
        for function in functions:
            for service in rng.sample(services, k=min(len(services), rng.choice([1, 1, 2]))):
                self.uses.append((index, function, f"eba_TA:{service}", key))
        return index

    def save(self) -> None:
        new = [a for a in self.arrangements if a.pk is None]
        ContractualArrangement.objects.bulk_create(new, batch_size=1000)
        audit.record_created(new)
        link_in_bulk(
            ContractualArrangement,
            "using_entities",
            [(self.arrangements[i].pk, e.pk) for i, e in self.using],
        )
        link_in_bulk(
            ContractualArrangement,
            "linked_arrangements",
            [(self.arrangements[a].pk, self.arrangements[b].pk) for a, b in self.links],
        )
        provider_entities = {(a.provider_id, a.entity_id) for a in self.arrangements}
        provider_entities |= {(self.arrangements[i].provider_id, e.pk) for i, e in self.using}
        self._uses_and_assessments()
        self._supply_chain(provider_entities)
        link_in_bulk(ICTProvider, "entities", sorted(provider_entities))
        self.ctx.count("ICT third-party providers", ICTProvider.objects.count())
        self.ctx.count("contractual arrangements", len(self.arrangements))

    def _uses_and_assessments(self) -> None:
        rng = self.ctx.rng
        uses, seen, assessed = [], set(), {}
        for index, function, service, key in self.uses:
            arrangement = self.arrangements[index]
            if (arrangement.pk, function.pk, service) in seen:
                continue
            seen.add((arrangement.pk, function.pk, service))
            row = self.rows[key]
            suffix = function.identifier.rsplit("-", 1)[-1]
            critical = function.is_critical
            processing = rng.choice([row[3], row[3], function.entity.country])
            uses.append(
                ICTServiceUse(
                    arrangement=arrangement,
                    function=function,
                    service_type=service,
                    provision_country=f"eba_GA:{row[3]}",
                    stores_data=codes.YES if service != "eba_TA:S03" else codes.NO,
                    storage_location=f"eba_GA:{row[3]}"
                    if service != "eba_TA:S03"
                    else codes.NOT_APPLICABLE_LOCATION,
                    processing_location=f"eba_GA:{processing}",
                    data_sensitivity=f"eba_ZZ:{SENSITIVITY.get(suffix, rng.choice(['x791', 'x792']))}",
                    reliance_level="eba_ZZ:x797"
                    if critical and rng.random() < 0.6
                    else rng.choice(["eba_ZZ:x795", "eba_ZZ:x796"])
                    if critical
                    else rng.choice(["eba_ZZ:x794", "eba_ZZ:x795"]),
                )
            )
            assessed.setdefault((index, service), (key, critical))
        ICTServiceUse.objects.bulk_create(uses, batch_size=2000)
        audit.record_created(uses)
        assessments = []
        for (index, service), (key, critical) in assessed.items():
            substitutability = f"eba_ZZ:{self.rows[key][5]}"
            assessments.append(
                ServiceAssessment(
                    arrangement=self.arrangements[index],
                    service_type=service,
                    substitutability=substitutability,
                    reason_not_substitutable=REASON_FOR.get(self.rows[key][5], ""),
                    last_audit=self.ctx.today - dt.timedelta(days=rng.randint(30, 700)),
                    exit_plan=codes.YES if critical or rng.random() < 0.3 else codes.NO,
                    reintegration=rng.choice(["eba_ZZ:x966", "eba_ZZ:x967", "eba_ZZ:x798"]),
                    discontinuation_impact="eba_ZZ:x793" if critical else "eba_ZZ:x792",
                    alternatives_identified=codes.YES if self.rows[key][5] != "x959" else codes.NO,
                    alternative_providers="Second-source provider shortlisted in the exit plan"
                    if self.rows[key][5] != "x959"
                    else "",
                )
            )
        ServiceAssessment.objects.bulk_create(assessments, batch_size=2000)
        audit.record_created(assessments)
        self.ctx.count("ICT service uses", len(uses))
        self.ctx.count("ICT service assessments", len(assessments))
        self.assessed = assessed

    def _supply_chain(self, provider_entities: set[tuple[int, int]]) -> None:
        links = []
        key_of = {p.pk: k for k, p in self.providers.items()}
        for index, service in self.assessed:
            arrangement = self.arrangements[index]
            key = key_of[arrangement.provider_id]
            for sub in self.rows[key][6]:
                links.append(
                    Subcontractor(
                        arrangement=arrangement,
                        service_type=service,
                        provider=self.providers[sub],
                        rank=2,
                        recipient=self.providers[key],
                    )
                )
                provider_entities.add((self.providers[sub].pk, arrangement.entity_id))
                for deeper in self.rows[sub][6]:
                    links.append(
                        Subcontractor(
                            arrangement=arrangement,
                            service_type=service,
                            provider=self.providers[deeper],
                            rank=3,
                            recipient=self.providers[sub],
                        )
                    )
                    provider_entities.add((self.providers[deeper].pk, arrangement.entity_id))
        Subcontractor.objects.bulk_create(links, batch_size=2000)
        audit.record_created(links)
        self.ctx.count("subcontracting links", len(links))


def _reviews(ctx: Any, arrangements: list[ContractualArrangement], critical: set[int]) -> None:
    rng, reviewer = ctx.rng, ctx.refs["users"]["ciso"]
    reviews, plans = [], []
    sample = arrangements[:REVIEWED_ARRANGEMENTS_MAX]
    for arrangement in sample:
        if rng.random() < 0.1:
            continue  # not reviewed yet
        supports_cif = arrangement.pk in critical
        day = ctx.today - dt.timedelta(days=rng.randint(5, 400))
        for clause in required_clauses(supports_cif):
            if rng.random() < 0.08:
                continue
            finding = _weighted(ctx, FINDINGS)
            reviews.append(
                ClauseReview(
                    arrangement=arrangement,
                    clause_key=clause.key,
                    finding=finding,
                    clause_reference=""
                    if finding == "missing"
                    else f"MSA § {rng.randint(2, 25)}.{rng.randint(1, 9)}",
                    evidence=f"DMS://contracts/{arrangement.reference}/signed.pdf",
                    reviewer=reviewer,
                    reviewed_on=day,
                    note="Provider declined the clause in negotiation."
                    if finding == "missing"
                    else "",
                )
            )
        if supports_cif and rng.random() < 0.6:
            plans.append(
                ExitPlan(
                    arrangement=arrangement,
                    status=rng.choice(["draft", "approved", "tested"]),
                    summary="Migrate workloads to the shortlisted alternative provider; keep "
                    "data exports current; run services in parallel for one month.",
                    triggers="Provider insolvency, material breach, regulatory order, "
                    "repeated major ICT incidents.",
                    transition_weeks=rng.choice([8, 12, 26]),
                    approved_on=day,
                )
            )
    ClauseReview.objects.bulk_create(reviews, batch_size=2000)
    audit.record_created(reviews)
    ExitPlan.objects.bulk_create(plans)
    audit.record_created(plans)
    ctx.count("Art. 30 clause reviews", len(reviews))
    ctx.count("exit plans", len(plans))


def load(ctx: Any) -> None:
    entities: dict[str, LegalEntity] = ctx.refs["entities"]
    functions: list[BusinessFunction] = ctx.refs["functions"]
    holding = entities.get("holding")
    providers = _providers(ctx)
    group = _intra_group_provider(ctx, holding) if holding else None
    if group is not None:
        providers["group"] = group
    by_entity: dict[int, list[BusinessFunction]] = {}
    for function in functions:
        by_entity.setdefault(function.entity_id, []).append(function)
    operating = [e for e in entities.values() if by_entity.get(e.pk)]
    per_entity = max(ARRANGEMENTS_PER_SCALE * ctx.scale // max(len(operating), 1), 12)
    builder = _Arrangements(ctx, providers)
    if holding is not None:
        _group_contracts(ctx, builder, holding, operating, by_entity)
    for number, entity in enumerate(operating):
        fns = by_entity[entity.pk]
        for i in range(per_entity):
            function = fns[i % len(fns)]
            suffix = function.identifier.rsplit("-", 1)[-1]
            candidates = CATEGORIES_BY_FUNCTION.get(suffix, ["bluesky"])
            locked = suffix in LOCKED_FUNCTIONS
            if ctx.scale > 1 and ctx.rng.random() < 0.35 and not locked:
                candidates = [k for k in providers if k.startswith("r")] or candidates
            key = ctx.rng.choice(candidates)
            supported = [function]
            if ctx.rng.random() < 0.4 and not locked:
                other = ctx.rng.choice(fns)
                if other.identifier.rsplit("-", 1)[-1] not in LOCKED_FUNCTIONS:
                    supported.append(other)
            builder.add(entity, key, list(dict.fromkeys(supported)), f"CA-{number:03d}-{i:05d}")
    builder.save()
    critical = set(
        ICTServiceUse.objects.filter(function__criticality="critical").values_list(
            "arrangement_id", flat=True
        )
    )
    _reviews(ctx, builder.arrangements, critical)
    data = [
        EntityRegisterData(
            entity=entity,
            integrated_on=ctx.today - dt.timedelta(days=ctx.rng.randint(200, 500)),
            currency=codes.EURO,
            total_assets=Decimal(ctx.rng.randrange(5_000_000, 400_000_000, 100_000)),
        )
        for entity in entities.values()
    ]
    EntityRegisterData.objects.bulk_create(data)
    audit.record_created(data)
    ctx.refs["providers"] = providers
    ctx.refs["arrangements"] = builder.arrangements


def _group_contracts(
    ctx: Any,
    builder: _Arrangements,
    holding: LegalEntity,
    operating: list[LegalEntity],
    by_entity: dict[int, list[BusinessFunction]],
) -> None:
    """A group cloud framework signed by the holding, call-offs per subsidiary, and the
    holding's intra-group IT services that rely on it."""
    framework = builder.add(
        holding,
        "nimbus",
        [],
        "GRP-CLOUD-FW",
        arrangement_type="eba_CO:x2",
        title="Group cloud framework agreement",
    )
    builder.arrangements[framework].save()
    for entity in operating[:12]:
        fns = [f for f in by_entity[entity.pk] if f.identifier.endswith(("CUST", "TRAD", "ONBD"))]
        if not fns:
            continue
        index = builder.add(
            entity,
            "nimbus",
            fns[:2],
            f"GRP-CLOUD-{entity.country}-{entity.pk}",
            arrangement_type="eba_CO:x3",
            overarching=builder.arrangements[framework],
            title=f"Cloud call-off for {entity.name}",
        )
        builder.using.append((index, entity))
        support = [f for f in by_entity[entity.pk] if f.identifier.endswith(("CLSV", "HRAD"))]
        intra = builder.add(
            holding,
            "group",
            support[:1],
            f"IG-IT-{entity.country}-{entity.pk}",
            title=f"Intra-group IT services to {entity.name}",
        )
        builder.using.append((intra, entity))
        builder.links.append((intra, framework))
