"""EBA business rules of the DORA module, evaluated from ``dpm-xl-rules.csv`` (DPM-XL).

The file (src/midora/data/roi/dpm-xl-rules.csv, provenance in PROVENANCE.md) is the EBA's DORA
4.0 rule set as updated on 10 March 2025: 63 rules, 55 active and 8 deactivated. Every active
rule is compiled by :mod:`midora.suppliers.roi.dpmxl` and evaluated once per row of its table;
deactivated rules are listed and never applied.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from midora.core.engine.sentences import Sentence, _
from midora.suppliers.roi.dpmxl import Rule, compile_rule
from midora.suppliers.roi.findings import BUSINESS, ERROR, WARNING, Finding
from midora.suppliers.roi.rules.common import finding
from midora.suppliers.roi.spec import DATA_PACKAGE, TemplateSpec, templates
from midora.suppliers.roi.values import Register

RULES_FILE = "dpm-xl-rules.csv"
ACTIVE, DEACTIVATED = "active", "deactivated"


@dataclass(frozen=True)
class EbaRule:
    """One line of dpm-xl-rules.csv with its severity and compiled form."""

    rule_id: str
    status: str
    expression: str
    compiled: Rule

    @property
    def table(self) -> str:
        """The template the rule applies to (``B_05.01``)."""
        return self.compiled.table

    @property
    def severity(self) -> str:
        """``error`` for existence rules (``_e``), ``warning`` otherwise.

        The EBA convention: ``_e`` existence (blocking), ``_m`` mandatory business rule,
        ``_s`` sign check. Which ``_m``/``_s`` rules reject rather than warn is not published
        in a machine-readable form, so they are warnings here.
        """
        return ERROR if self.rule_id.endswith("_e") else WARNING

    @property
    def kind(self) -> str:
        """Existence, mandatory or sign rule (from the id suffix)."""
        return {"e": "existence", "m": "mandatory", "s": "sign"}.get(self.rule_id[-1], "other")


def _columns_of(table: str) -> list[str]:
    return list(templates()[table].column_codes)


@cache
def eba_rules() -> tuple[EbaRule, ...]:
    """All 63 rules of the shipped file, active and deactivated, compiled."""
    text = resources.files(DATA_PACKAGE).joinpath(RULES_FILE).read_text(encoding="utf-8")
    rules = []
    for line in csv.DictReader(io.StringIO(text)):
        compiled = compile_rule(line["rule_id"], line["dpm_xl"], _columns_of)
        rules.append(EbaRule(line["rule_id"], line["status"], line["dpm_xl"], compiled))
    return tuple(rules)


def active_rules() -> tuple[EbaRule, ...]:
    """The rules applied (status ``active``)."""
    return tuple(r for r in eba_rules() if r.status == ACTIVE)


def deactivated_rules() -> tuple[EbaRule, ...]:
    """The rules the EBA deactivated: listed, never applied."""
    return tuple(r for r in eba_rules() if r.status == DEACTIVATED)


KIND_SENTENCES = {
    "existence": _("%(table)s row %(row)s: %(label)s (%(column)s) is missing (EBA rule %(rule)s)."),
    "mandatory": _(
        "%(table)s row %(row)s: %(label)s (%(column)s) is missing or does not fit the rest of "
        "the row (EBA rule %(rule)s)."
    ),
    "sign": _(
        "%(table)s row %(row)s: %(label)s (%(column)s) must not be negative (EBA rule %(rule)s)."
    ),
}
"""The sentence of a broken rule per kind of rule; the cell and the rule's id stay as written."""
OTHER_SENTENCE = _(
    "%(table)s row %(row)s: %(label)s (%(column)s) breaks the rule (EBA rule %(rule)s)."
)


def rule_sentence(rule: EbaRule, spec: TemplateSpec, index: int, column: str) -> Sentence:
    """EBA filing rules (DPM-XL): a broken rule as a sentence a person can act on —
    "B_05.01 row 3: Name of the direct parent undertaking ... is missing (EBA rule v8854)". The
    column's label is the EBA taxonomy's, in English like the rest of the taxonomy."""
    label = next((c.label for c in spec.columns if c.code == column), column)
    return Sentence(
        KIND_SENTENCES.get(rule.kind, OTHER_SENTENCE),
        table=spec.code,
        row=index,
        label=label,
        column=column,
        rule=rule.rule_id,
    )


def check_business(register: Register, specs: dict[str, TemplateSpec]) -> Iterator[Finding]:
    """Evaluate every active EBA rule once per row of its template (one finding per cell)."""
    for rule in active_rules():
        rows = register.get(rule.table)
        if not rows:
            continue
        spec = specs[rule.table]
        for index, row in enumerate(rows, start=1):
            for column in rule.compiled.failures(row):
                yield finding(
                    rule.rule_id,
                    spec,
                    index,
                    row,
                    column,
                    rule_sentence(rule, spec, index, column),
                    rule.severity,
                    BUSINESS,
                )
