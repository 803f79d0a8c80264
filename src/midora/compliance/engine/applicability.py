"""Machine-readable applicability conditions and the scope test of a requirement for an entity."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

# MiCA Art. 3(1)(16) (a)-(j): the crypto-asset services, with the label used in sentences.
SERVICES: dict[str, str] = {
    "custody": "custody of crypto-assets",
    "trading_platform": "operation of a trading platform",
    "exchange_fiat": "exchange of crypto-assets for funds",
    "exchange_crypto": "exchange of crypto-assets for other crypto-assets",
    "execution": "execution of orders on behalf of clients",
    "placing": "placing of crypto-assets",
    "reception_transmission": "reception and transmission of orders",
    "advice": "advice on crypto-assets",
    "portfolio_management": "portfolio management of crypto-assets",
    "transfer": "transfer services for crypto-assets",
}

# Entity facts that some MiCA / DORA provisions depend on, with the label used in sentences.
FACTS: dict[str, str] = {
    "holds_client_crypto_assets": "holding clients' crypto-assets or the means of access to them",
    "holds_client_funds": "holding clients' funds",
    "payment_services": "providing payment services related to crypto-asset services",
    "insurance_safeguard": "covering prudential requirements with an insurance policy",
    "significant_casp": "being a significant CASP (MiCA Art. 85)",
    "information_sharing": "taking part in cyber threat information-sharing arrangements",
    "uses_designated_ctpp": "using a designated critical ICT third-party provider",
}

MICA_STATUSES = ("applicant", "authorised", "notified", "not_in_scope")

# Keys taking `true` only; `services` and `facts` take lists.
FLAG_KEYS = (
    "all",
    "optional",
    "not_microenterprise",
    "microenterprise",
    "critical_or_important",
    "tlpt_designated",
    "applicant",
    "art60_notified",
    "not_applicable_to_casps",
)
LIST_KEYS = {"service": SERVICES, "fact": FACTS}
REGIME_KEYS = {
    "DORA": {"not_microenterprise", "microenterprise", "critical_or_important", "tlpt_designated"},
    "MICA": {"applicant", "art60_notified", "service"},
}
# MiCA Art. 60(8): articles that do not apply to entities providing services by notification.
NOT_FOR_NOTIFIED_ENTITIES = frozenset({"62", "63", "64", "67", "83", "84"})


class ConditionError(ValueError):
    """A malformed `applies_when` mapping; `key` names the offending key, if any."""

    def __init__(self, reason: str, key: str | None = None) -> None:
        super().__init__(reason)
        self.key = key


@dataclass(frozen=True)
class Condition:
    """A parsed `applies_when`: every set element must hold (logical AND); lists are any-of."""

    flags: frozenset[str] = frozenset()
    services: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()

    def as_mapping(self) -> dict[str, Any]:
        """The condition as written in a catalogue file (keys in vocabulary order)."""
        out: dict[str, Any] = {key: True for key in FLAG_KEYS if key in self.flags}
        if self.services:
            out["service"] = list(self.services)
        if self.facts:
            out["fact"] = list(self.facts)
        return out


def parse_condition(raw: Any, regime: str) -> Condition:
    """Parse an `applies_when` mapping; raise ConditionError naming the bad key and why."""
    if not isinstance(raw, Mapping) or not raw:
        raise ConditionError("applies_when must be a non-empty mapping")
    flags: set[str] = set()
    lists: dict[str, tuple[str, ...]] = {"service": (), "fact": ()}
    for key, value in raw.items():
        if key in FLAG_KEYS:
            if value is not True:
                raise ConditionError(f"applicability key {key!r} takes only `true`", key)
            flags.add(key)
        elif key in LIST_KEYS:
            vocabulary = LIST_KEYS[key]
            if not isinstance(value, list) or not value:
                raise ConditionError(f"applicability key {key!r} takes a non-empty list", key)
            unknown = [v for v in value if v not in vocabulary]
            if unknown:
                raise ConditionError(
                    f"unknown {key} {unknown[0]!r} (known: {', '.join(vocabulary)})", key
                )
            lists[key] = tuple(value)
        else:
            raise ConditionError(f"unknown applicability key {key!r}", key)
        for other_regime, keys in REGIME_KEYS.items():
            if key in keys and other_regime != regime:
                raise ConditionError(
                    f"applicability key {key!r} belongs to the {other_regime} regime, not {regime}",
                    key,
                )
    if {"all", "not_applicable_to_casps"} & flags and len(raw) > 1:
        raise ConditionError("'all' and 'not_applicable_to_casps' must stand alone")
    if {"microenterprise", "not_microenterprise"} <= flags:
        raise ConditionError("'microenterprise' and 'not_microenterprise' exclude each other")
    return Condition(frozenset(flags), lists["service"], lists["fact"])


@dataclass(frozen=True)
class EntityProfile:
    """What the scope tests need to know about one legal entity."""

    services: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    microenterprise: bool = False
    mica_status: str = "authorised"
    dora_in_scope: bool = True
    tlpt_designated: bool = False
    has_critical_or_important_functions: bool = False
    facts: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.mica_status not in MICA_STATUSES:
            raise ValueError(f"mica_status must be one of {', '.join(MICA_STATUSES)}")
        unknown = [s for s in self.services if s not in SERVICES]
        if unknown:
            raise ValueError(f"unknown service {unknown[0]!r} (known: {', '.join(SERVICES)})")
        bad_facts = sorted(set(self.facts) - set(FACTS))
        if bad_facts:
            raise ValueError(f"unknown fact {bad_facts[0]!r} (known: {', '.join(FACTS)})")


class ScopedRequirement(Protocol):
    """What `applies` reads from a requirement (RequirementEntry satisfies it)."""

    id: str
    regime: str
    condition: Condition

    @property
    def article(self) -> str: ...


@dataclass(frozen=True)
class Applicability:
    applies: bool
    reason: str


def _no(reason: str) -> Applicability:
    return Applicability(False, f"does not apply: {reason}")


def _offered(service: str, profile: EntityProfile) -> str:
    states = profile.services[service]
    where = f" in {', '.join(states)}" if states else ""
    return f"{SERVICES[service]} is offered{where}"


def _regime_scope(req: ScopedRequirement, profile: EntityProfile) -> Applicability | None:
    """DORA Art. 2(1)(f); MiCA Art. 59(1), 60 and 60(8)."""
    if req.regime == "DORA" and not profile.dora_in_scope:
        return _no("the entity is not a financial entity in scope of DORA (Art. 2)")
    if req.regime == "MICA":
        if profile.mica_status == "not_in_scope":
            return _no("the entity provides no crypto-asset services under MiCA (Art. 59)")
        is_main_act = req.id.startswith("MICA-") and not req.id.startswith("MICA-RTS")
        notified = profile.mica_status == "notified"
        if notified and is_main_act and req.article in NOT_FOR_NOTIFIED_ENTITIES:
            return _no(f"MiCA Art. 60(8) disapplies Art. {req.article} to notified entities")
    return None


def _service_scope(
    cond: Condition, profile: EntityProfile, service: str | None
) -> Applicability | str:
    """MiCA Art. 3(1)(16) services, Arts 75-82: service-specific obligations."""
    wanted = ", ".join(SERVICES[s] for s in cond.services)
    if service is not None:
        if service not in cond.services:
            return _no(f"it concerns {wanted}, not {SERVICES[service]}")
        if service not in profile.services:
            return _no(f"{SERVICES[service]} is not offered")
        return _offered(service, profile)
    offered = [s for s in cond.services if s in profile.services]
    if not offered:
        return _no(f"none of {wanted} is offered")
    return "; ".join(_offered(s, profile) for s in offered)


def applies(
    requirement: ScopedRequirement, profile: EntityProfile, service: str | None = None
) -> Applicability:
    """DORA Art. 2(1)(f), 3(60), 16(1), 26(8), 28(2); MiCA Art. 3(1)(16), 59, 60(8), 62, 85."""
    if service is not None and service not in SERVICES:
        raise ValueError(f"unknown service {service!r} (known: {', '.join(SERVICES)})")
    out_of_scope = _regime_scope(requirement, profile)
    if out_of_scope:
        return out_of_scope
    cond = requirement.condition
    flags = cond.flags
    if "not_applicable_to_casps" in flags:
        return _no(
            "it is reserved for DORA Art. 16(1) simplified-regime entities; a CASP is not one"
        )
    reasons: list[str] = []
    if "applicant" in flags:
        if profile.mica_status != "applicant":
            return _no("it is part of the MiCA Art. 62 application and the entity is not applying")
        reasons.append("the entity is applying for MiCA authorisation (Art. 62)")
    if "art60_notified" in flags:
        if profile.mica_status != "notified":
            return _no("it concerns financial entities using the MiCA Art. 60 notification route")
        reasons.append("the entity provides services by MiCA Art. 60 notification")
    if "microenterprise" in flags:
        if not profile.microenterprise:
            return _no("it applies to microenterprises only (DORA Art. 3(60))")
        reasons.append("the entity is a microenterprise (DORA Art. 3(60))")
    if "not_microenterprise" in flags:
        if profile.microenterprise:
            return _no("microenterprises are exempt (DORA Art. 3(60))")
        reasons.append("the entity is not a microenterprise")
    if "critical_or_important" in flags:
        if not profile.has_critical_or_important_functions:
            return _no("the entity has recorded no critical or important function")
        reasons.append("the entity has critical or important functions")
    if "tlpt_designated" in flags:
        if not profile.tlpt_designated:
            return _no("the entity is not designated for TLPT (DORA Art. 26(8))")
        reasons.append("the entity is designated for TLPT (DORA Art. 26(8))")
    if cond.services:
        outcome = _service_scope(cond, profile, service)
        if isinstance(outcome, Applicability):
            return outcome
        reasons.append(outcome)
    if cond.facts:
        held = [f for f in cond.facts if f in profile.facts]
        if not held:
            wanted = " or ".join(FACTS[f] for f in cond.facts)
            return _no(f"the profile does not record {wanted}")
        reasons.append("the entity records " + " and ".join(FACTS[f] for f in held))
    if not reasons:
        reasons.append(f"it applies to every entity in scope of {requirement.regime}")
    prefix = "applies (optional)" if "optional" in flags else "applies"
    return Applicability(True, f"{prefix}: {'; '.join(reasons)}")
