"""Cell checks: types, closed lists, LEI and ISO codes (ITS (EU) 2024/2956; ISO 17442)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import pycountry
from stdnum import lei

from midora.core.engine.sentences import Sentence, _
from midora.suppliers.roi.findings import WARNING, Finding
from midora.suppliers.roi.rules.common import finding
from midora.suppliers.roi.spec import TemplateSpec, enumeration
from midora.suppliers.roi.values import Register

LEI_TYPE = "eba_qCO:qx2000"
"""identifier_type member "Legal Entity Identifier (LEI)"."""

TYPED_CODES: dict[str, dict[str, str]] = {
    "B_02.02": {"c0030": "c0040"},
    "B_03.02": {"c0020": "c0030"},
    "B_05.01": {"c0010": "c0020", "c0030": "c0040", "c0110": "c0120"},
    "B_05.02": {"c0030": "c0040", "c0060": "c0070"},
    "B_07.01": {"c0020": "c0030"},
}
"""Provider code column -> the column giving its type of code (an LEI when LEI_TYPE)."""

_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "s": (str,),
    "e": (str,),
    "d": (date,),
    "m": (Decimal, int),
    "i": (int,),
    "t": (bool,),
}
_TYPE_RULES = {
    "s": "FMT-TEXT",
    "e": "FMT-QNAME",
    "d": "FMT-DATE",
    "m": "FMT-MONETARY",
    "i": "FMT-INTEGER",
    "t": "FMT-BOOLEAN",
}


@cache
def lei_valid(value: str) -> bool:
    """ISO 17442 shape and ISO 7064 mod 97-10 check digits."""
    return len(value) == 20 and value == value.upper() and lei.is_valid(value)


@cache
def iso_country(code: str) -> bool:
    """``eba_GA:XX`` names a current ISO 3166-1 country."""
    return pycountry.countries.get(alpha_2=code.partition(":")[2]) is not None


@cache
def iso_currency(code: str) -> bool:
    """``eba_CU:XXX`` names a current ISO 4217 currency."""
    return pycountry.currencies.get(alpha_3=code.partition(":")[2]) is not None


def _eba_special(code: str) -> bool:
    return code.partition(":")[2].startswith(("x", "qx"))


def _type_ok(data_type: str, value: Any) -> bool:
    if isinstance(value, bool) and data_type != "t":
        return False
    return isinstance(value, _PYTHON_TYPES[data_type])


def _lei_columns(spec: TemplateSpec) -> frozenset[str]:
    return frozenset(c.code for c in spec.columns if c.label.startswith("LEI"))


def check_template(spec: TemplateSpec, rows: list[dict[str, Any]]) -> Iterator[Finding]:
    """Types, enumerations, LEI check digits and ISO codes of every filled cell of a template."""
    columns = []
    for column in spec.columns:
        allowed = enumeration(column.domain).codes if column.domain else None
        iso: Callable[[str], bool] | None = None
        if column.domain in ("country", "country_or_not_applicable"):
            iso = iso_country
        elif column.domain == "currency":
            iso = iso_currency
        columns.append((column.code, column.data_type, allowed, iso))
    lei_columns = _lei_columns(spec)
    typed = TYPED_CODES.get(spec.code, {})
    for index, row in enumerate(rows, start=1):
        for code, data_type, allowed, iso in columns:
            value = row.get(code)
            if value is None:
                continue
            if not _type_ok(data_type, value):
                yield finding(
                    _TYPE_RULES[data_type],
                    spec,
                    index,
                    row,
                    code,
                    Sentence(
                        _("%(python_type)s value where the taxonomy type is %(data_type)s"),
                        python_type=type(value).__name__,
                        data_type=repr(data_type),
                    ),
                )
                continue
            if allowed is not None and value not in allowed:
                yield finding(
                    "ENUM-VALUE",
                    spec,
                    index,
                    row,
                    code,
                    Sentence(
                        _("not an allowed value of %(domain)s"), domain=spec.column(code).domain
                    ),
                )
            elif iso is not None and not _eba_special(value) and not iso(value):
                rule = "ISO-CURRENCY" if iso is iso_currency else "ISO-COUNTRY"
                yield finding(
                    rule,
                    spec,
                    index,
                    row,
                    code,
                    Sentence(_("allowed by the taxonomy but not a current ISO code")),
                    WARNING,
                )
            if data_type == "s" and value.strip() != value:
                yield finding(
                    "FMT-TEXT",
                    spec,
                    index,
                    row,
                    code,
                    Sentence(_("leading or trailing white space")),
                    WARNING,
                )
            is_lei = code in lei_columns or (code in typed and row.get(typed[code]) == LEI_TYPE)
            if is_lei and not lei_valid(value):
                yield finding(
                    "LEI-CHECK",
                    spec,
                    index,
                    row,
                    code,
                    Sentence(_("not a valid LEI (ISO 17442 format and check digits)")),
                )


def check_cells(register: Register, specs: dict[str, TemplateSpec]) -> Iterator[Finding]:
    """Cell checks over every template of the register."""
    for code, rows in register.items():
        if code in specs:
            yield from check_template(specs[code], rows)
