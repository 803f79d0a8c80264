"""Closed lists that come from official files (shipped under midora/data/codelists/).

The Register of Information enumerations (EBA DORA taxonomy closed lists) are the single source for
entity types; ISO 3166 countries come from pycountry. Nothing here is typed by hand.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

import pycountry

EU_EEA_MEMBER_STATES = [
    "AT",
    "BE",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
    "IS",
    "LI",
    "NO",
]


# Spelling slips in the EBA's possible-values workbook, kept as published in the shipped files
# (they are the official text) and corrected where a person reads them.
READABLE_LABELS = {
    "Legal Entity Identfier (LEI)": "Legal Entity Identifier (LEI)",
    "Termination not for cause: Expired and not renewd": (
        "Termination not for cause: Expired and not renewed"
    ),
}


def readable_label(label: str) -> str:
    """An official list label as shown to readers (published spelling slips corrected)."""
    return READABLE_LABELS.get(label, label)


@cache
def roi_enumeration(list_name: str) -> tuple[tuple[str, str], ...]:
    """(code, label) pairs of one closed list of the shipped RoI enumerations file."""
    source = resources.files("midora.data").joinpath("codelists/roi_enumerations.csv")
    with source.open(encoding="utf-8", newline="") as handle:
        rows = [
            (r["code"], readable_label(r["label"]))
            for r in csv.DictReader(handle)
            if r["list_name"] == list_name
        ]
    if not rows:
        raise KeyError(f"no closed list named {list_name!r} in roi_enumerations.csv")
    return tuple(rows)


def entity_type_choices() -> list[tuple[str, str]]:
    """Entity types of the RoI template B_01.01 (EBA closed list), as form choices."""
    return [
        (code, label[:1].upper() + label[1:])
        for code, label in roi_enumeration("entity_type_b0101")
    ]


@cache
def country_choices() -> list[tuple[str, str]]:
    """ISO 3166-1 alpha-2 countries, sorted by name."""
    return sorted(((c.alpha_2, c.name) for c in pycountry.countries), key=lambda pair: pair[1])


def country_name(code: str) -> str:
    """A country's name as `country_choices` gives it; the code itself when it names none."""
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code


def member_state_choices() -> list[tuple[str, str]]:
    """EU and EEA member states where MiCA services can be passported."""
    names = dict(country_choices())
    return [(code, names[code]) for code in sorted(EU_EEA_MEMBER_STATES, key=names.get)]
