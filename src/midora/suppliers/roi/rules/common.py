"""Shared helpers for RoI rule families (ITS (EU) 2024/2956 templates)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from midora.suppliers.roi.findings import ERROR, FORMAT, Finding, display
from midora.suppliers.roi.spec import TemplateSpec


def key_text(spec: TemplateSpec, row: Mapping[str, Any]) -> str:
    """The row's primary key as ``a|b|c`` (empty for B_99.01)."""
    return "|".join(display(row.get(c)) for c in spec.primary_key)


def finding(
    rule_id: str,
    spec: TemplateSpec,
    index: int,
    row: Mapping[str, Any],
    column: str,
    message: str,
    severity: str = ERROR,
    category: str = FORMAT,
) -> Finding:
    """A finding on one cell of one row (``index`` counts data rows from 1)."""
    return Finding(
        rule_id,
        severity,
        spec.code,
        key_text(spec, row),
        column,
        display(row.get(column)) if column else "",
        message,
        index,
        category,
    )
