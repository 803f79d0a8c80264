"""Applicability of requirements to entity profiles (DORA Art. 2/16/26; MiCA Art. 59/60/62)."""

from dataclasses import dataclass

import pytest

from midora.compliance.engine.applicability import (
    Condition,
    ConditionError,
    EntityProfile,
    applies,
    parse_condition,
)
from midora.compliance.engine.catalogue_files import load_shipped_catalogues


@dataclass(frozen=True)
class Req:
    id: str
    regime: str
    condition: Condition

    @property
    def article(self) -> str:
        return self.id.split("-")[-1].split(".")[0]


def req(rid: str, regime: str, **when) -> Req:
    return Req(rid, regime, parse_condition(when, regime))


CUSTODIAN = EntityProfile(
    services={"custody": ("FR", "DE"), "transfer": ("FR",)},
    has_critical_or_important_functions=True,
    facts=frozenset({"holds_client_crypto_assets"}),
)
MICRO_APPLICANT = EntityProfile(
    services={"advice": ("LU",)}, microenterprise=True, mica_status="applicant"
)
BANK_NOTIFIED = EntityProfile(
    services={"exchange_fiat": ("NL",)},
    mica_status="notified",
    tlpt_designated=True,
    has_critical_or_important_functions=True,
)
OUTSIDE = EntityProfile(mica_status="not_in_scope", dora_in_scope=False)

ALL_DORA = req("DORA-5.1", "DORA", all=True)
NOT_MICRO = req("DORA-6.4", "DORA", not_microenterprise=True)
MICRO_ONLY = req("DORA-25.3", "DORA", microenterprise=True)
CIF = req("DORA-30.3.a", "DORA", critical_or_important=True)
TLPT = req("DORA-26.1", "DORA", tlpt_designated=True)
SIMPLIFIED = req("DORA-16.1", "DORA", not_applicable_to_casps=True)
OPTIONAL = req("DORA-45.1", "DORA", optional=True)
ALL_MICA = req("MICA-66.1", "MICA", all=True)
CUSTODY = req("MICA-75.1", "MICA", service=["custody"])
APPLICANT = req("MICA-62.2.j", "MICA", applicant=True)
ART60 = req("MICA-60.7", "MICA", art60_notified=True)
PRUDENTIAL = req("MICA-67.1", "MICA", all=True)
CLIENT_FUNDS = req("MICA-70.2", "MICA", fact=["holds_client_funds"])

TABLE = [
    (ALL_DORA, CUSTODIAN, True, "every entity in scope of DORA"),
    (ALL_DORA, OUTSIDE, False, "not a financial entity in scope of DORA"),
    (NOT_MICRO, CUSTODIAN, True, "not a microenterprise"),
    (NOT_MICRO, MICRO_APPLICANT, False, "microenterprises are exempt"),
    (MICRO_ONLY, MICRO_APPLICANT, True, "is a microenterprise"),
    (MICRO_ONLY, CUSTODIAN, False, "microenterprises only"),
    (CIF, CUSTODIAN, True, "critical or important functions"),
    (CIF, MICRO_APPLICANT, False, "no critical or important function"),
    (TLPT, BANK_NOTIFIED, True, "designated for TLPT"),
    (TLPT, CUSTODIAN, False, "not designated for TLPT"),
    (SIMPLIFIED, CUSTODIAN, False, "Art. 16(1)"),
    (SIMPLIFIED, MICRO_APPLICANT, False, "Art. 16(1)"),
    (OPTIONAL, CUSTODIAN, True, "applies (optional)"),
    (ALL_MICA, CUSTODIAN, True, "every entity in scope of MICA"),
    (ALL_MICA, OUTSIDE, False, "no crypto-asset services under MiCA"),
    (CUSTODY, CUSTODIAN, True, "custody of crypto-assets is offered in FR, DE"),
    (CUSTODY, MICRO_APPLICANT, False, "none of custody of crypto-assets is offered"),
    (APPLICANT, MICRO_APPLICANT, True, "applying for MiCA authorisation"),
    (APPLICANT, CUSTODIAN, False, "not applying"),
    (ART60, BANK_NOTIFIED, True, "Art. 60 notification"),
    (ART60, CUSTODIAN, False, "Art. 60 notification route"),
    (PRUDENTIAL, BANK_NOTIFIED, False, "Art. 60(8) disapplies Art. 67"),
    (ALL_MICA, BANK_NOTIFIED, True, "every entity in scope"),
    (CLIENT_FUNDS, CUSTODIAN, False, "does not record holding clients' funds"),
]


@pytest.mark.parametrize(("requirement", "profile", "expected", "phrase"), TABLE)
def test_applicability_table(requirement, profile, expected, phrase):
    result = applies(requirement, profile)
    assert result.applies is expected
    assert result.reason.startswith("applies" if expected else "does not apply")
    assert phrase in result.reason


def test_service_argument_narrows_to_one_offering():
    both = req("MICA-75.9", "MICA", service=["custody", "transfer"])
    assert applies(both, CUSTODIAN, service="transfer").reason == (
        "applies: transfer services for crypto-assets is offered in FR"
    )
    assert not applies(both, CUSTODIAN, service="advice").applies
    assert not applies(CUSTODY, MICRO_APPLICANT, service="custody").applies
    assert applies(ALL_MICA, CUSTODIAN, service="advice").applies  # not service-specific
    with pytest.raises(ValueError, match="unknown service"):
        applies(CUSTODY, CUSTODIAN, service="staking")


def test_conditions_combine_with_and():
    both = req("RTS1773-5", "DORA", not_microenterprise=True, critical_or_important=True)
    assert applies(both, CUSTODIAN).applies
    assert not applies(both, EntityProfile(has_critical_or_important_functions=False)).applies
    micro_cif = EntityProfile(microenterprise=True, has_critical_or_important_functions=True)
    assert not applies(both, micro_cif).applies


@pytest.mark.parametrize(
    ("raw", "regime", "message"),
    [
        ({}, "DORA", "non-empty mapping"),
        ({"all": "yes"}, "DORA", "takes only `true`"),
        ({"all": True, "optional": True}, "DORA", "must stand alone"),
        ({"microenterprise": True, "not_microenterprise": True}, "DORA", "exclude each other"),
        ({"service": ["staking"]}, "MICA", "unknown service 'staking'"),
        ({"service": []}, "MICA", "non-empty list"),
        ({"tlpt_designated": True}, "MICA", "belongs to the DORA regime"),
        ({"fact": ["rich"]}, "MICA", "unknown fact 'rich'"),
    ],
)
def test_bad_conditions_are_refused(raw, regime, message):
    with pytest.raises(ConditionError, match=message):
        parse_condition(raw, regime)


def test_profile_refuses_unknown_values():
    with pytest.raises(ValueError, match="mica_status"):
        EntityProfile(mica_status="licensed")
    with pytest.raises(ValueError, match="unknown service"):
        EntityProfile(services={"staking": ()})


def test_shipped_requirements_scope_for_a_custodian():
    entries = {e.id: e for c in load_shipped_catalogues() for e in c.requirements}
    assert applies(entries["MICA-75.1"], CUSTODIAN).applies
    assert not applies(entries["MICA-76.1"], CUSTODIAN).applies  # trading platform only
    assert not applies(entries["RTS1774-28"], CUSTODIAN).applies  # simplified regime
    assert applies(entries["RTS1773-10"], CUSTODIAN).applies
    assert not applies(entries["DORA-26.1"], CUSTODIAN).applies
