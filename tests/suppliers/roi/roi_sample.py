"""A small, realistic register: a CASP group with three ICT providers and a subcontractor."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from stdnum.iso7064 import mod_97_10

from midora.suppliers.roi.package import ReportParameters
from midora.suppliers.roi.values import Register


def make_lei(base: str) -> str:
    """An LEI with valid ISO 17442 check digits from an 18-character base."""
    assert len(base) == 18
    return base + mod_97_10.calc_check_digits(base)


CASP = make_lei("5299001CASPHOLDCO1")
SUBSIDIARY = make_lei("5299001CASPSUBSDE2")
CLOUD = make_lei("549300CLOUDPROVID1")
CUSTODY = make_lei("549300CUSTODYTECH2")
DATACENTRE = make_lei("549300DATACENTRE03")
KYC = make_lei("549300KYCSERVICES4")
LEI_TYPE = "eba_qCO:qx2000"
REF_DATE = date(2025, 12, 31)


def params(level: str = "IND") -> ReportParameters:
    """Report parameters of the sample CASP."""
    return ReportParameters(CASP, REF_DATE, "EUR", "FR", level)


def _entity(lei: str, name: str, country: str, hierarchy: str, parent: str) -> dict:
    return {
        "c0010": lei,
        "c0020": name,
        "c0030": country,
        "c0040": "eba_CT:x303",
        "c0050": hierarchy,
        "c0060": parent,
        "c0070": date(2025, 11, 30),
        "c0080": date(2025, 1, 17),
        "c0090": date(9999, 12, 31),
        "c0100": "eba_CU:EUR",
        "c0110": Decimal("48500000"),
    }


def _provider(code: str, name: str, country: str, parent: str, cost: str) -> dict:
    return {
        "c0010": code,
        "c0020": LEI_TYPE,
        "c0030": None,
        "c0040": None,
        "c0050": name,
        "c0060": name,
        "c0070": "eba_CT:x212",
        "c0080": country,
        "c0090": "eba_CU:EUR",
        "c0100": Decimal(cost),
        "c0110": parent,
        "c0120": LEI_TYPE,
    }


def _arrangement(ref: str, kind: str, overarching: str | None, cost: str) -> dict:
    return {
        "c0010": ref,
        "c0020": kind,
        "c0030": overarching,
        "c0040": "eba_CU:EUR",
        "c0050": Decimal(cost),
    }


def _use(ref: str, provider: str, function: str, service: str, start: date, end: date) -> dict:
    return {
        "c0010": ref,
        "c0020": CASP,
        "c0030": provider,
        "c0040": LEI_TYPE,
        "c0050": function,
        "c0060": service,
        "c0070": start,
        "c0080": end,
        "c0090": None,
        "c0100": 90,
        "c0110": 180,
        "c0120": "eba_GA:FR",
        "c0130": "eba_GA:IE",
        "c0140": "eba_BT:x28",
        "c0150": "eba_GA:IE",
        "c0160": "eba_GA:DE",
        "c0170": "eba_ZZ:x793",
        "c0180": "eba_ZZ:x797",
    }


def _function(fid: str, activity: str, name: str, critical: str, rto: int, rpo: int) -> dict:
    return {
        "c0010": fid,
        "c0020": activity,
        "c0030": name,
        "c0040": CASP,
        "c0050": critical,
        "c0060": "Supports client crypto-asset custody" if critical == "eba_BT:x28" else None,
        "c0070": date(2025, 10, 1),
        "c0080": rto,
        "c0090": rpo,
        "c0100": "eba_ZZ:x793",
    }


def _assessment(ref: str, provider: str, service: str) -> dict:
    return {
        "c0010": ref,
        "c0020": provider,
        "c0030": LEI_TYPE,
        "c0040": service,
        "c0050": "eba_ZZ:x960",
        "c0060": "eba_ZZ:x964",
        "c0070": date(2025, 6, 30),
        "c0080": "eba_BT:x28",
        "c0090": "eba_ZZ:x966",
        "c0100": "eba_ZZ:x793",
        "c0110": "eba_BT:x28",
        "c0120": "Alternative cloud region provider",
    }


def valid_register() -> Register:
    """Every template filled, every key resolving, every EBA rule satisfied."""
    start, end = date(2024, 1, 1), date(2027, 12, 31)
    return {
        "B_01.01": [
            {
                "c0010": CASP,
                "c0020": "Example Crypto Services SAS",
                "c0030": "eba_GA:FR",
                "c0040": "eba_CT:x303",
                "c0050": "Autorité des marchés financiers",
                "c0060": REF_DATE,
            }
        ],
        "B_01.02": [
            _entity(CASP, "Example Crypto Services SAS", "eba_GA:FR", "eba_RP:x53", CASP),
            _entity(SUBSIDIARY, "Example Crypto Services GmbH", "eba_GA:DE", "eba_RP:x56", CASP),
        ],
        "B_01.03": [
            {
                "c0010": "BR-ES-01",
                "c0020": CASP,
                "c0030": "Example Crypto Madrid",
                "c0040": "eba_GA:ES",
            }
        ],
        "B_02.01": [
            _arrangement("CA-2024-001", "eba_CO:x2", None, "1200000"),
            _arrangement("CA-2024-002", "eba_CO:x3", "CA-2024-001", "300000"),
            _arrangement("CA-2024-003", "eba_CO:x1", None, "85000.50"),
            _arrangement("IG-2024-001", "eba_CO:x1", None, "40000"),
        ],
        "B_02.02": [
            _use("CA-2024-001", CLOUD, "F-CUSTODY", "eba_TA:S10", start, end),
            _use("CA-2024-002", CLOUD, "F-CUSTODY", "eba_TA:S06", start, end),
            _use("CA-2024-003", CUSTODY, "F-TRADING", "eba_TA:S03", start, date(2026, 6, 30)),
            _use("CA-2024-003", CUSTODY, "F-CUSTODY", "eba_TA:S03", start, date(2026, 6, 30)),
        ],
        "B_02.03": [{"c0010": "IG-2024-001", "c0020": "CA-2024-003", "c0030": True}],
        "B_03.01": [
            {"c0010": ref, "c0020": CASP, "c0030": True}
            for ref in ("CA-2024-001", "CA-2024-002", "CA-2024-003")
        ],
        "B_03.02": [
            {"c0010": "CA-2024-001", "c0020": CLOUD, "c0030": LEI_TYPE},
            {"c0010": "CA-2024-002", "c0020": CLOUD, "c0030": LEI_TYPE},
            {"c0010": "CA-2024-003", "c0020": CUSTODY, "c0030": LEI_TYPE},
        ],
        "B_03.03": [{"c0010": "IG-2024-001", "c0020": SUBSIDIARY, "c0031": True}],
        "B_04.01": [
            {"c0010": "CA-2024-001", "c0020": CASP, "c0030": "eba_ZZ:x839", "c0040": "N/A"},
            {"c0010": "CA-2024-003", "c0020": CASP, "c0030": "eba_ZZ:x838", "c0040": "BR-ES-01"},
        ],
        "B_05.01": [
            _provider(CLOUD, "Nimbus Cloud Ltd", "eba_GA:IE", CLOUD, "1500000"),
            _provider(CUSTODY, "Vault Custody Tech BV", "eba_GA:NL", CUSTODY, "85000.50"),
            _provider(DATACENTRE, "Rack & Power SA", "eba_GA:BE", DATACENTRE, "0"),
            _provider(KYC, "KnowYourClient OÜ", "eba_GA:EE", KYC, "12000"),
        ],
        "B_05.02": [
            {
                "c0010": "CA-2024-001",
                "c0020": "eba_TA:S10",
                "c0030": CLOUD,
                "c0040": LEI_TYPE,
                "c0050": 1,
                "c0060": CLOUD,
                "c0070": LEI_TYPE,
            },
            {
                "c0010": "CA-2024-001",
                "c0020": "eba_TA:S10",
                "c0030": DATACENTRE,
                "c0040": LEI_TYPE,
                "c0050": 2,
                "c0060": CLOUD,
                "c0070": LEI_TYPE,
            },
            {
                "c0010": "CA-2024-003",
                "c0020": "eba_TA:S03",
                "c0030": KYC,
                "c0040": LEI_TYPE,
                "c0050": 2,
                "c0060": CUSTODY,
                "c0070": LEI_TYPE,
            },
        ],
        "B_06.01": [
            _function(
                "F-CUSTODY",
                "eba_TA:x228",
                "Custody and administration of crypto-assets",
                "eba_BT:x28",
                4,
                1,
            ),
            _function(
                "F-TRADING", "eba_TA:x232", "Execution of orders for clients", "eba_BT:x29", 24, 4
            ),
        ],
        "B_07.01": [
            _assessment("CA-2024-001", CLOUD, "eba_TA:S10"),
            _assessment("CA-2024-003", CUSTODY, "eba_TA:S03"),
        ],
        "B_99.01": [
            {
                "c0010": "Single contract",
                "c0020": "Framework agreement",
                "c0030": "Call-off under a framework",
                "c0170": "Hours of outage",
            }
        ],
    }
