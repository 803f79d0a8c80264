"""Package structure and report parameters of the RoI submission (EBA xBRL-CSV filing rules)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from midora.core.engine.sentences import Sentence, _
from midora.suppliers.roi.findings import ERROR, PACKAGE, WARNING, Finding
from midora.suppliers.roi.package import PARAMETER_NAMES, PARAMETERS_CSV, PackageName
from midora.suppliers.roi.rules.cells import iso_currency, lei_valid
from midora.suppliers.roi.spec import TemplateSpec, currencies
from midora.suppliers.roi.values import Register


def _param(rule: str, name: str, value: str, message: str, severity: str = ERROR) -> Finding:
    """A finding on one report parameter; ``message`` a template without values."""
    return Finding(
        rule, severity, PARAMETERS_CSV, "", name, value, Sentence(message), None, PACKAGE
    )


def check_shape(register: Register, specs: dict[str, TemplateSpec]) -> Iterator[Finding]:
    """Known template codes, rows as dicts, only the template's column codes."""
    for code, rows in register.items():
        if code not in specs:
            yield Finding(
                "HDR-TEMPLATE", ERROR, code, "", "", "", Sentence(_("unknown template code"))
            )
            continue
        allowed = frozenset(specs[code].column_codes)
        for index, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                yield Finding(
                    "HDR-COLUMNS",
                    ERROR,
                    code,
                    "",
                    "",
                    "",
                    Sentence(_("row is not a mapping")),
                    index,
                )
                continue
            for column in sorted(row.keys() - allowed):
                yield Finding(
                    "HDR-COLUMNS",
                    ERROR,
                    code,
                    "",
                    str(column),
                    "",
                    Sentence(
                        _("%(column)s is not a column of %(table)s"),
                        column=column,
                        table=code,
                    ),
                    index,
                )


def check_parameters(
    params: dict[str, str], name: PackageName | None, register: Register
) -> Iterator[Finding]:
    """parameters.csv: exactly the module's parameters, consistent with the package name."""
    for missing in sorted(set(PARAMETER_NAMES) - set(params)):
        yield _param("PKG-PARAM", missing, "", _("required parameter is missing"))
    for extra in sorted(set(params) - set(PARAMETER_NAMES)):
        yield _param("PKG-PARAM", extra, params[extra], _("parameter not used by the DORA module"))
    entity = params.get("entityID", "")
    match = re.fullmatch(r"rs:([A-Z0-9]{20})\.(IND|CON)", entity)
    if "entityID" in params and not match:
        yield _param("PKG-PARAM", "entityID", entity, _("must be rs:<LEI>.<IND|CON>"))
    elif match:
        if not lei_valid(match[1]):
            yield _param("LEI-CHECK", "entityID", entity, _("the LEI fails its check digits"))
        if name and (match[1], match[2]) != (name.lei, name.level):
            yield _param(
                "PKG-NAME", "entityID", entity, _("LEI and level must match the package name")
            )
        reporting = [r.get("c0010") for r in register.get("B_01.01", [])]
        if reporting and match[1] not in reporting:
            yield _param(
                "PKG-PARAM",
                "entityID",
                entity,
                _("LEI differs from B_01.01.c0010 (entity maintaining the register)"),
                WARNING,
            )
    ref = params.get("refPeriod")
    if ref is not None:
        try:
            ref_date = date.fromisoformat(ref)
        except ValueError:
            yield _param("PKG-PARAM", "refPeriod", ref, _("must be a date YYYY-MM-DD"))
        else:
            if name and ref_date != name.reference_date:
                yield _param(
                    "PKG-NAME", "refPeriod", ref, _("reference date must match the package name")
                )
    currency = params.get("baseCurrency")
    if currency is not None:
        code = currency.removeprefix("iso4217:")
        if not currency.startswith("iso4217:") or not re.fullmatch(r"[A-Z]{3}", code):
            yield _param("PKG-PARAM", "baseCurrency", currency, _("must be iso4217:<CCY>"))
        elif not iso_currency(f"eba_CU:{code}") or f"eba_CU:{code}" not in currencies():
            yield _param(
                "ISO-CURRENCY",
                "baseCurrency",
                currency,
                _("not a current ISO 4217 currency allowed by the taxonomy"),
            )
    for decimals in ("decimalsInteger", "decimalsMonetary"):
        value = params.get(decimals)
        if value is not None and not re.fullmatch(r"-?\d+", value):
            yield _param("PKG-PARAM", decimals, value, _("must be an integer"))
