"""Validation findings of the Register of Information (ITS (EU) 2024/2956; EBA filing rules).

A finding's message is a `Sentence` (midora.core.engine.sentences): its English text, which the
API, the CLI, the JSON findings and the files for the authority keep, with its template and values,
so that a page says it in the reader's language. A stored finding keeps the sentence beside the
English text (`finding_record`, `finding_from_record`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from typing import Any

from midora.core.engine.sentences import Join, Sentence, _, reason  # noqa: F401 (re-exported)

ERROR = "error"
WARNING = "warning"

TECHNICAL = "technical check"
"""EBA technical checks 805-808: a breach rejects the submission."""
BUSINESS = "business rule"
"""EBA DPM-XL business rules (dpm-xl-rules.csv)."""
PACKAGE = "package"
"""Report-package checks: folder and file names, report files, UTF-8, limits."""
FORMAT = "format"
"""Cell formats, closed lists, ISO codes and LEI check digits."""

SENTENCE_KEY = "message_sentence"
"""The key of a stored finding that keeps its message's sentence (template and values)."""

FINDINGS_PER_RULE = 1000
"""Default cap on findings kept per rule; the rest are counted in one summary finding."""


@dataclass(frozen=True)
class Finding:
    """One problem: which rule, how serious, where (file/template, row, column) and why."""

    rule_id: str
    severity: str
    template: str
    row_key: str
    column: str
    value: str
    message: str
    row: int | None = None
    category: str = FORMAT

    def __str__(self) -> str:
        where = self.template
        if self.row is not None:
            where += f" row {self.row}"
        if self.row_key:
            where += f" [{self.row_key}]"
        if self.column:
            where += f" {self.column}"
        return f"{self.severity.upper()} {self.rule_id} {where}: {self.message}"


def finding_line(finding: Finding) -> Sentence:
    """The finding on one line, as `str(finding)` writes it in English ("ERROR IMPORT B_03.02
    row 2 [A-1] c0020: ..."), sayable in the reader's language (severity, "row", the message)."""
    where: list[Any] = [finding.template]
    if finding.row is not None:
        where.append(Sentence(_("row %(row)s"), row=str(finding.row)))
    if finding.row_key:
        where.append(f"[{finding.row_key}]")
    if finding.column:
        where.append(finding.column)
    severity = Sentence(_("ERROR")) if finding.severity == ERROR else Sentence(_("WARNING"))
    return Sentence(
        _("%(severity)s %(rule)s %(where)s: %(message)s"),
        severity=severity if finding.severity in (ERROR, WARNING) else finding.severity.upper(),
        rule=finding.rule_id,
        where=Join(" ", tuple(where)),
        message=finding.message,
    )


class FindingCollector:
    """Keeps at most ``per_rule`` findings of each rule and counts the rest."""

    def __init__(self, per_rule: int = FINDINGS_PER_RULE) -> None:
        self.per_rule = per_rule
        self.kept: list[Finding] = []
        self._seen: Counter[str] = Counter()
        self._first: dict[str, Finding] = {}

    def add(self, finding: Finding) -> None:
        """Keep the finding, or only count it once its rule has reached the cap."""
        self._seen[finding.rule_id] += 1
        if self._seen[finding.rule_id] <= self.per_rule:
            self.kept.append(finding)
            self._first.setdefault(finding.rule_id, finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        """Add each finding of an iterable (consumed lazily)."""
        for finding in findings:
            self.add(finding)

    def result(self) -> list[Finding]:
        """The kept findings plus, per capped rule, one finding saying how many were left out."""
        extra = []
        for rule_id, seen in self._seen.items():
            if seen > self.per_rule:
                first = self._first[rule_id]
                extra.append(
                    Finding(
                        rule_id,
                        first.severity,
                        first.template,
                        "",
                        "",
                        str(seen - self.per_rule),
                        Sentence(
                            _(
                                "%(count)s more finding(s) of rule %(rule)s not shown "
                                "(first %(shown)s of %(seen)s listed)"
                            ),
                            count=seen - self.per_rule,
                            rule=rule_id,
                            shown=self.per_rule,
                            seen=seen,
                        ),
                        None,
                        first.category,
                    )
                )
        return self.kept + extra


def capped(findings: Iterable[Finding], per_rule: int = FINDINGS_PER_RULE) -> list[Finding]:
    """``findings`` with at most ``per_rule`` per rule and a count of the rest."""
    collector = FindingCollector(per_rule)
    collector.extend(findings)
    return collector.result()


def findings_to_json(findings: Iterable[Finding], indent: int | None = 1) -> str:
    """Findings as a JSON array of objects (stable key order)."""
    payload: list[dict[str, Any]] = [asdict(f) for f in findings]
    return json.dumps(payload, indent=indent, sort_keys=True, ensure_ascii=False)


def finding_record(finding: Finding) -> dict[str, Any]:
    """A finding as a JSON object to store: its fields, the message in English, and the message's
    sentence under ``message_sentence`` when it has one."""
    record = {f.name: getattr(finding, f.name) for f in fields(Finding)}
    record["message"] = str(finding.message)
    if isinstance(finding.message, Sentence):
        record[SENTENCE_KEY] = finding.message.as_json()
    return record


def finding_from_record(record: dict[str, Any]) -> Finding:
    """A stored finding read back; its message a sentence again when one was kept (a finding
    stored before sentences were kept has its English message only)."""
    values = {f.name: record[f.name] for f in fields(Finding) if f.name in record}
    kept = record.get(SENTENCE_KEY)
    if kept:
        values["message"] = Sentence.from_json(kept)
    return Finding(**values)


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that must stop an export (severity error)."""
    return [f for f in findings if f.severity == ERROR]


def display(value: Any) -> str:
    """A cell value as it would appear in the CSV, for messages."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
