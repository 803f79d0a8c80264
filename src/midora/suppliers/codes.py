"""Closed lists of the Register of Information as form choices (EBA DORA taxonomy 4.0).

Every list comes from the shipped taxonomy enumerations (``roi.spec``); nothing is typed here.
"""

from __future__ import annotations

from functools import cache

from django.utils.translation import override

from midora.core.choices import CryptoService
from midora.core.codelists import readable_label
from midora.suppliers.roi.spec import enumeration, template

LEI_TYPE = "eba_qCO:qx2000"
YES = "eba_BT:x28"
NO = "eba_BT:x29"
NOT_ASSESSED = "eba_BT:x21"
NOT_APPLICABLE_LOCATION = "eba_GA:qx2007"
EURO = "eba_CU:EUR"
NOT_A_BRANCH = "eba_ZZ:x839"
NO_BRANCH_CODE = "N/A"
END_OF_TIME = "9999-12-31"


def _choices(domain: str) -> list[tuple[str, str]]:
    return [
        (m.code, readable_label(m.label[:1].upper() + m.label[1:]))
        for m in enumeration(domain).members
    ]


def column_choices(template_code: str, column: str) -> list[tuple[str, str]]:
    """The allowed values of one RoI column, as (QName, label) pairs."""
    return _choices(template(template_code).column(column).domain or "")


def identifier_types() -> list[tuple[str, str]]:
    return column_choices("B_05.01", "c0020")


def person_types() -> list[tuple[str, str]]:
    return column_choices("B_05.01", "c0070")


def countries() -> list[tuple[str, str]]:
    return sorted(column_choices("B_05.01", "c0080"), key=lambda pair: pair[1])


def locations() -> list[tuple[str, str]]:
    """Countries plus "not applicable" (B_02.02 key location columns)."""
    return sorted(column_choices("B_02.02", "c0130"), key=lambda pair: pair[1])


def currencies() -> list[tuple[str, str]]:
    return sorted(column_choices("B_05.01", "c0090"), key=lambda pair: pair[0])


def arrangement_types() -> list[tuple[str, str]]:
    return column_choices("B_02.01", "c0020")


def termination_reasons() -> list[tuple[str, str]]:
    return column_choices("B_02.02", "c0090")


def yes_no() -> list[tuple[str, str]]:
    return column_choices("B_02.02", "c0140")


def yes_no_not_assessed() -> list[tuple[str, str]]:
    return column_choices("B_07.01", "c0110")


def data_sensitiveness() -> list[tuple[str, str]]:
    return column_choices("B_02.02", "c0170")


def reliance_levels() -> list[tuple[str, str]]:
    return column_choices("B_02.02", "c0180")


def service_types() -> list[tuple[str, str]]:
    """DORA ICT service types S01-S19 (ITS 2024/2956 Annex III)."""
    return column_choices("B_02.02", "c0060")


def substitutability() -> list[tuple[str, str]]:
    return column_choices("B_07.01", "c0050")


def reasons_not_substitutable() -> list[tuple[str, str]]:
    return column_choices("B_07.01", "c0060")


def reintegration() -> list[tuple[str, str]]:
    return column_choices("B_07.01", "c0090")


def discontinuation_impacts() -> list[tuple[str, str]]:
    return column_choices("B_07.01", "c0100")


def licenced_activities() -> list[tuple[str, str]]:
    return sorted(column_choices("B_06.01", "c0020"), key=lambda pair: pair[1])


def hierarchies() -> list[tuple[str, str]]:
    return column_choices("B_01.02", "c0050")


def label(choices: list[tuple[str, str]], code: str | None) -> str:
    """The label of ``code`` in ``choices`` (the code itself when unknown)."""
    if not code:
        return ""
    return dict(choices).get(code, code)


def iso_of(qname: str | None) -> str:
    """``eba_GA:FR`` -> ``FR``; ``eba_CU:EUR`` -> ``EUR``; empty for empty."""
    return qname.split(":", 1)[1] if qname else ""


@cache
def crypto_service_activities() -> dict[str, str]:
    """MiCA crypto-asset service -> its licensed activity QName, matched on the taxonomy labels."""
    members = enumeration(template("B_06.01").column("c0020").domain or "").members
    found = {}
    with override(None):  # the taxonomy's labels are English: match the English service names
        choices = [(value, str(text)) for value, text in CryptoService.choices]
    for value, text in choices:
        wording = text.split(") ", 1)[1].lower()
        matches = [m.code for m in members if m.label.lower().endswith(wording)]
        if len(matches) != 1:
            raise LookupError(f"no single licensed activity for {value}: {matches}")
        found[value] = matches[0]
    return found
