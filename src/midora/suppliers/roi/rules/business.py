"""EBA business rules of the DORA module (taxonomy 4.0 ``val/vr-*.xml`` assertions)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from midora.suppliers.roi.findings import Finding
from midora.suppliers.roi.rules.common import finding
from midora.suppliers.roi.spec import TemplateSpec, taxonomy_rules
from midora.suppliers.roi.values import Register, is_empty

Check = Callable[[dict[str, Any]], bool]


def compile_rule(rule: dict[str, Any]) -> Check | None:
    """A predicate that is True when a row satisfies the rule (None if the kind is unknown)."""
    column = rule.get("column", "")
    kind = rule["kind"]
    if kind == "required":
        return lambda row: not is_empty(row.get(column))
    if kind == "required_if_any":
        when = tuple(rule["when_any"])
        return lambda row: (
            not any(not is_empty(row.get(c)) for c in when) or not is_empty(row.get(column))
        )
    if kind == "required_if_equals":
        when, equals = rule["when"], rule["equals"]
        return lambda row: row.get(when) != equals or not is_empty(row.get(column))
    if kind == "matches":
        pattern = re.compile(rule["pattern"])
        # XBRL: an assertion over a fact that is not reported is not evaluated.
        return lambda row: is_empty(row.get(column)) or bool(pattern.search(str(row[column])))
    return None


def unsupported_rules() -> list[dict[str, Any]]:
    """Shipped assertions this engine cannot evaluate (listed in docs/roi-export-spec.md)."""
    return [r for r in taxonomy_rules() if compile_rule(r) is None]


def check_business(register: Register, specs: dict[str, TemplateSpec]) -> Iterator[Finding]:
    """Evaluate every supported EBA assertion once per row of its template."""
    for rule in taxonomy_rules():
        check = compile_rule(rule)
        if check is None or rule["template"] not in register:
            continue
        spec = specs[rule["template"]]
        message = rule["expression"]
        for index, row in enumerate(register[rule["template"]], start=1):
            if not check(row):
                yield finding(
                    rule["id"],
                    spec,
                    index,
                    row,
                    rule["column"],
                    f"EBA rule not met: {message}",
                    rule["severity"],
                )
