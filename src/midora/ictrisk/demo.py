"""Demo step: ICT assets (wallets, HSM and MPC for custody), the ICT risk register, acceptances.

About 500 risks per unit of scale (50,000 at --scale 100), spread over the CASPs of the group.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from midora.core import audit
from midora.core.audit_bulk import link_in_bulk
from midora.core.models import BusinessFunction, LegalEntity

ORDER = 50
RISKS_PER_SCALE = 500

# key, name, type, C, I, A, function suffixes, crypto services, needs any of these services
ASSETS = [
    ("ledger", "Client ledger database", "data_store", 4, 4, 4, ["CUST", "PAYM", "TRAD"], [], None),
    ("portal", "Client web and mobile app", "application", 3, 3, 3, ["ONBD", "CLSV"], [], None),
    ("idp", "Identity provider (SSO, MFA)", "application", 4, 4, 3, [], [], None),
    ("cloud", "Cloud landing zone (EU regions)", "infrastructure", 3, 4, 4, [], [], None),
    ("network", "Corporate and data-centre network", "network", 3, 3, 4, [], [], None),
    ("siem", "Log management and SIEM", "infrastructure", 3, 4, 3, [], [], None),
    ("kyc", "KYC / AML screening service", "application", 4, 3, 3, ["ONBD"], [], None),
    ("clientdata", "Client identity and KYC records", "information", 4, 4, 2, ["ONBD"], [], None),
    (
        "hot",
        "Hot wallet (BTC, ETH, USDC)",
        "hot_wallet",
        4,
        4,
        4,
        ["CUST", "TRSF"],
        ["custody", "transfer"],
        {"custody", "transfer"},
    ),
    (
        "warm",
        "Warm wallet with daily limits",
        "warm_wallet",
        4,
        4,
        3,
        ["CUST"],
        ["custody"],
        {"custody"},
    ),
    (
        "cold",
        "Cold storage vault (air-gapped)",
        "cold_wallet",
        4,
        4,
        2,
        ["CUST"],
        ["custody"],
        {"custody"},
    ),
    (
        "hsm",
        "HSM cluster (signing keys)",
        "hsm",
        4,
        4,
        4,
        ["KEYM"],
        ["custody", "transfer"],
        {"custody", "transfer"},
    ),
    (
        "mpc",
        "MPC signing nodes (3-of-5)",
        "mpc",
        4,
        4,
        4,
        ["KEYM"],
        ["custody", "transfer"],
        {"custody", "transfer"},
    ),
    ("multisig", "Treasury multisig (2-of-3)", "multisig", 4, 4, 2, [], ["custody"], {"custody"}),
    (
        "travel",
        "Travel-rule messaging gateway",
        "application",
        4,
        4,
        3,
        ["TRSF"],
        ["transfer"],
        {"transfer"},
    ),
    (
        "engine",
        "Matching engine",
        "application",
        3,
        4,
        4,
        ["TRAD"],
        ["trading_platform"],
        {"trading_platform", "exchange_crypto"},
    ),
    (
        "surveillance",
        "Market surveillance system",
        "application",
        3,
        4,
        3,
        ["MKTS"],
        ["trading_platform"],
        {"trading_platform", "execution"},
    ),
    (
        "router",
        "Smart order router",
        "application",
        3,
        4,
        4,
        ["EXEC"],
        ["execution"],
        {"execution", "reception_transmission"},
    ),
    (
        "payments",
        "SEPA payment gateway",
        "application",
        4,
        4,
        4,
        ["PAYM"],
        ["exchange_fiat"],
        {"exchange_fiat"},
    ),
]

# asset key -> the asset keys it depends on
DEPENDENCIES = {
    "portal": ["idp", "ledger", "cloud"],
    "ledger": ["cloud"],
    "kyc": ["clientdata", "cloud"],
    "hot": ["hsm", "mpc", "ledger"],
    "warm": ["mpc"],
    "travel": ["hot", "network"],
    "engine": ["ledger", "cloud", "network"],
    "surveillance": ["engine", "siem"],
    "router": ["engine", "network"],
    "payments": ["ledger", "network"],
    "siem": ["cloud"],
    "idp": ["cloud"],
}

# title, threat, vulnerability, consequence, asset keys, inherent (likelihood, impact)
SCENARIOS = [
    (
        "Hot wallet key compromise",
        "An attacker phishes an operator and drains the hot wallet.",
        "Signing approvals rely on one operator session.",
        "Loss of client crypto-assets; MiCA Art. 75 breach.",
        ["hot", "hsm"],
        (3, 5),
    ),
    (
        "MPC node quorum loss",
        "Two MPC nodes fail in the same cloud region.",
        "Nodes concentrated in one availability zone.",
        "Withdrawals halt for hours.",
        ["mpc", "cloud"],
        (2, 4),
    ),
    (
        "Cold storage ceremony error",
        "Key ceremony run without the four-eyes check.",
        "Ceremony script not enforced by tooling.",
        "Unrecoverable funds or exposed seed.",
        ["cold", "multisig"],
        (2, 5),
    ),
    (
        "HSM firmware vulnerability",
        "A published HSM firmware flaw is exploited.",
        "Patching window of the HSM vendor exceeds 90 days.",
        "Signing keys extractable.",
        ["hsm"],
        (2, 5),
    ),
    (
        "Ledger database corruption",
        "A faulty migration corrupts client balances.",
        "Restores are not rehearsed for the full ledger.",
        "Wrong balances shown and settled.",
        ["ledger"],
        (3, 4),
    ),
    (
        "Cloud region outage",
        "The primary cloud region is unavailable for a day.",
        "Warm standby not sized for full load.",
        "Services down beyond their RTO.",
        ["cloud"],
        (3, 4),
    ),
    (
        "Ransomware on corporate network",
        "Ransomware spreads from a workstation.",
        "Flat network segments between office and operations.",
        "Operations halted; data exfiltrated.",
        ["network", "siem"],
        (3, 5),
    ),
    (
        "Identity provider takeover",
        "Session hijack of an administrator of the SSO.",
        "Legacy accounts without hardware keys.",
        "Access to every internal system.",
        ["idp"],
        (3, 5),
    ),
    (
        "KYC provider outage",
        "The screening provider is down during peak onboarding.",
        "No fallback screening procedure.",
        "Onboarding stops; sanctions screening gaps.",
        ["kyc"],
        (4, 3),
    ),
    (
        "Client data leak",
        "Misconfigured storage exposes KYC documents.",
        "No automated check of bucket policies.",
        "GDPR breach and reputational harm.",
        ["clientdata", "cloud"],
        (3, 4),
    ),
    (
        "Matching engine latency spike",
        "Order bursts exceed engine capacity.",
        "Capacity tests below observed peaks.",
        "Disorderly trading; MiCA Art. 76 duties at risk.",
        ["engine"],
        (3, 4),
    ),
    (
        "Market abuse undetected",
        "Surveillance rules miss a wash-trading pattern.",
        "Rules not tuned for new listings.",
        "Failure to report suspicious orders (MiCA Art. 92).",
        ["surveillance"],
        (3, 3),
    ),
    (
        "Order routing error",
        "A venue adapter misroutes client orders.",
        "Insufficient end-to-end tests on releases.",
        "Best-execution breach (MiCA Art. 78).",
        ["router"],
        (2, 4),
    ),
    (
        "SEPA gateway failure",
        "The payment bank's API changes without notice.",
        "Single payment bank connection.",
        "Fiat withdrawals delayed.",
        ["payments"],
        (3, 3),
    ),
    (
        "Travel-rule message loss",
        "Counterparty VASP messages are dropped.",
        "No reconciliation of sent and acknowledged messages.",
        "Transfers without required data.",
        ["travel"],
        (3, 3),
    ),
    (
        "Insider misuse of treasury keys",
        "A signer colludes to move treasury funds.",
        "Signers' duties not rotated.",
        "Loss of own funds.",
        ["multisig"],
        (1, 5),
    ),
    (
        "SIEM blind spot",
        "Logs from the signing layer are not collected.",
        "Log sources onboarded manually.",
        "Late detection of an intrusion.",
        ["siem", "hsm"],
        (3, 3),
    ),
    (
        "Supply-chain compromise of a wallet library",
        "A malicious dependency reaches production.",
        "Dependencies not pinned or reviewed.",
        "Keys or transactions tampered with.",
        ["hot", "portal"],
        (2, 5),
    ),
    (
        "DDoS on the client app",
        "Volumetric attack on the public endpoints.",
        "Scrubbing service only on the website.",
        "Clients cannot log in or trade.",
        ["portal", "network"],
        (4, 3),
    ),
    (
        "Expired TLS certificates",
        "A certificate expires on an API endpoint.",
        "Renewal tracked by hand.",
        "Outage of client integrations.",
        ["portal"],
        (3, 2),
    ),
]

VARIANTS = [
    "at peak load",
    "during a release",
    "at the weekend",
    "via a supplier",
    "in the standby site",
    "after a staff change",
    "on a new chain",
    "during a migration",
    "in the mobile channel",
    "through an API partner",
    "at quarter end",
    "during an incident",
]


def _clip(value: int) -> int:
    return min(max(value, 1), 5)


def _links(model, field: str, pairs: Iterable[tuple[int, int]]) -> None:
    link_in_bulk(model, field, pairs)


def load(ctx) -> None:
    from midora.compliance.models import Control
    from midora.ictrisk.models import ICTAsset, Risk, RiskAcceptance

    rng, today = ctx.rng, ctx.today
    users = ctx.refs["users"]
    entities = [e for e in ctx.refs["entities"].values() if e.dora_in_scope]
    functions: dict[tuple[int, str], BusinessFunction] = {
        (f.entity_id, f.identifier.rsplit("-", 1)[-1]): f for f in ctx.refs["functions"]
    }
    offered = {e.pk: set(e.offerings.values_list("service", flat=True)) for e in entities}
    providers = _providers_by_entity(entities)
    controls = list(Control.objects.all().prefetch_related("entities"))

    assets: list[ICTAsset] = []
    keys: dict[tuple[int, str], ICTAsset] = {}
    for entity in entities:
        for key, name, kind, c, i, a, _suffixes, services, needs in ASSETS:
            if needs and not needs & offered[entity.pk]:
                continue
            asset = ICTAsset(
                entity=entity,
                name=name,
                asset_type=kind,
                confidentiality=c,
                integrity=i,
                availability=a,
                crypto_services=sorted(set(services) & offered[entity.pk]),
                description=f"{name} of {entity.name}.",
                location="EU cloud"
                if kind in {"application", "infrastructure", "data_store"}
                else "Data centre",
                owner=users["engineer"] if entity.country == "DE" else users["ciso"],
            )
            asset.demo_key = key
            assets.append(asset)
            keys[(entity.pk, key)] = asset
    ICTAsset.objects.bulk_create(assets, batch_size=2000)
    audit.record_created(assets)
    function_links, dependency_links, provider_links = [], [], []
    by_key = {key: row for key, *row in ASSETS}
    for (entity_id, key), asset in keys.items():
        for suffix in by_key[key][5]:
            function = functions.get((entity_id, suffix))
            if function is not None:
                function_links.append((asset.pk, function.pk))
        for dependency in DEPENDENCIES.get(key, []):
            target = keys.get((entity_id, dependency))
            if target is not None:
                dependency_links.append((asset.pk, target.pk))
        if key in {"cloud", "kyc", "payments", "idp"} and providers.get(entity_id):
            provider_links.append((asset.pk, rng.choice(providers[entity_id])))
    _links(ICTAsset, "functions", function_links)
    _links(ICTAsset, "depends_on", dependency_links)
    _links(ICTAsset, "providers", provider_links)
    ctx.refs["assets"] = keys
    ctx.count("ICT assets", len(assets))

    per_entity = -(-RISKS_PER_SCALE * ctx.scale // max(len(entities), 1))
    risks: list[Risk] = []
    risk_assets: list[tuple[Risk, list[ICTAsset]]] = []
    for entity in entities:
        entity_controls = [
            c for c in controls if not c.entities.all() or entity in c.entities.all()
        ]
        for number in range(per_entity):
            title, threat, weakness, effect, asset_keys, (lik, imp) = SCENARIOS[
                number % len(SCENARIOS)
            ]
            linked = [keys[(entity.pk, k)] for k in asset_keys if (entity.pk, k) in keys]
            if not linked:
                linked = [keys[(entity.pk, "cloud")]]
            round_ = number // len(SCENARIOS)
            if round_:
                title = f"{title} {VARIANTS[(round_ - 1) % len(VARIANTS)]}"
                if round_ > len(VARIANTS):
                    title += f" (case {round_})"
            inherent = (_clip(lik + rng.choice((-1, 0, 0, 1))), _clip(imp + rng.choice((-1, 0, 0))))
            drop = rng.choice((0, 1, 1, 2, 2, 3))
            residual = (_clip(inherent[0] - drop), _clip(inherent[1] - (1 if drop == 3 else 0)))
            if rng.random() < 0.01:  # a rating entered wrongly: the register warns about it
                residual = (_clip(inherent[0] + 1), inherent[1])
            roll = rng.random()
            treatment = (
                "accept"
                if roll < 0.08
                else "transfer"
                if roll < 0.11
                else "avoid"
                if roll < 0.13
                else "mitigate"
            )
            risk = Risk(
                entity=entity,
                reference=f"R-{entity.country}-{number + 1:04d}",
                title=title[:200],
                threat=threat,
                vulnerability=weakness,
                consequence=effect,
                crypto_services=sorted(set().union(*(a.crypto_services for a in linked))),
                inherent_likelihood=inherent[0],
                inherent_impact=inherent[1],
                residual_likelihood=residual[0],
                residual_impact=residual[1],
                treatment=treatment,
                treatment_plan="Controls listed; residual reviewed by the ICT risk function.",
                next_review=today + dt.timedelta(days=rng.randint(-60, 330)),
                last_reviewed=today - dt.timedelta(days=rng.randint(10, 300)),
                owner=users["engineer"]
                if entity.country == "DE" and number % 3 == 0
                else users["ciso"],
            )
            risks.append(risk)
            risk_assets.append((risk, linked))
            if entity_controls and number % 2 == 0:
                risk._demo_controls = rng.sample(entity_controls, k=min(2, len(entity_controls)))
    Risk.objects.bulk_create(risks, batch_size=2000)
    audit.record_created(risks)
    asset_links, function_links, control_links = [], [], []
    for risk, linked in risk_assets:
        asset_links += [(risk.pk, a.pk) for a in linked]
        for suffix in by_key[linked[0].demo_key][5][:1]:
            function = functions.get((risk.entity_id, suffix))
            if function is not None:
                function_links.append((risk.pk, function.pk))
        control_links += [(risk.pk, c.pk) for c in getattr(risk, "_demo_controls", [])]
    _links(Risk, "assets", asset_links)
    _links(Risk, "functions", function_links)
    _links(Risk, "controls", control_links)
    ctx.refs["risks"] = risks
    ctx.count("ICT risks", len(risks))

    acceptances = []
    accepted = [r for r in risks if r.treatment == "accept"]
    for index, risk in enumerate(accepted):
        if index == 0:  # one lapsed acceptance: the risk is back in treatment
            start, until = today - dt.timedelta(days=380), today - dt.timedelta(days=15)
        elif index % 6 == 1:  # some expire within the month
            start, until = (
                today - dt.timedelta(days=340),
                today + dt.timedelta(days=rng.randint(3, 28)),
            )
        else:
            start = today - dt.timedelta(days=rng.randint(10, 200))
            until = start + dt.timedelta(days=365)
        acceptances.append(
            RiskAcceptance(
                risk=risk,
                accepted_by="Management body (chair: A. Laurent)"
                if index % 2
                else "Chief Risk Officer",
                authority="management_body" if index % 2 else "risk_committee",
                accepted_rating=risk.rating_text("residual"),
                valid_from=start,
                valid_until=until,
                reason="Mitigation cost exceeds the expected loss; compensating monitoring in place.",
                approved=True,
                owner=users["ciso"],
            )
        )
    RiskAcceptance.objects.bulk_create(acceptances, batch_size=2000)
    audit.record_created(acceptances)
    ctx.refs["acceptances"] = acceptances
    ctx.count("risk acceptances", len(acceptances))


def _providers_by_entity(entities: list[LegalEntity]) -> dict[int, list[int]]:
    from midora.suppliers.models import ICTProvider

    found: dict[int, list[int]] = {}
    through = ICTProvider.entities.through.objects.filter(legalentity__in=entities)
    for entity_id, provider_id in through.values_list("legalentity_id", "ictprovider_id"):
        found.setdefault(entity_id, []).append(provider_id)
    return found
