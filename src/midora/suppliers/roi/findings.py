"""Validation findings of the Register of Information (ITS (EU) 2024/2956; EBA filing rules)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

ERROR = "error"
WARNING = "warning"


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

    def __str__(self) -> str:
        where = self.template
        if self.row is not None:
            where += f" row {self.row}"
        if self.row_key:
            where += f" [{self.row_key}]"
        if self.column:
            where += f" {self.column}"
        return f"{self.severity.upper()} {self.rule_id} {where}: {self.message}"


def findings_to_json(findings: Iterable[Finding], indent: int | None = 1) -> str:
    """Findings as a JSON array of objects (stable key order)."""
    payload: list[dict[str, Any]] = [asdict(f) for f in findings]
    return json.dumps(payload, indent=indent, sort_keys=True, ensure_ascii=False)


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
