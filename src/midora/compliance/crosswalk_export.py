"""The crosswalk as an Excel workbook: one sheet per regime, the controls side by side, reuse."""

from __future__ import annotations

import io

from openpyxl import Workbook

from midora.compliance.crosswalk import Crosswalk
from midora.compliance.models import Regime
from midora.core.register_framework import neutralise_formula

REGIME_LABELS = dict(Regime.choices)


def _text(value: str) -> str:
    return neutralise_formula(value)


def crosswalk_workbook(crosswalk: Crosswalk, filters: dict[str, str]) -> bytes:
    book = Workbook(write_only=True)
    summary = book.create_sheet("Summary")
    summary.append(["midora crosswalk"])
    for key, value in filters.items():
        summary.append([key, _text(value or "all")])
    summary.append([])
    summary.append(["Evidence items in view", crosswalk.evidence_total])
    summary.append(["Evidence items supporting both MiCA and DORA", crosswalk.evidence_both])
    for regime, count in crosswalk.evidence_by_regime.items():
        summary.append([f"Evidence items supporting {REGIME_LABELS[regime]}", count])
    for regime in crosswalk.requirements:
        summary.append([])
        summary.append([f"{REGIME_LABELS[regime]} requirements by coverage state"])
        for state, count in crosswalk.counts(regime).items():
            summary.append([state, count])
        summary.append(
            [
                f"{REGIME_LABELS[regime]} requirements with no evidence",
                len(crosswalk.no_evidence(regime)),
            ]
        )
    for regime, rows in crosswalk.requirements.items():
        sheet = book.create_sheet(f"{regime} requirements")
        sheet.append(
            [
                "Requirement",
                "Framework",
                "Citation",
                "Title",
                "Area",
                "Coverage state",
                "Controls (coverage, evidence state)",
                "Evidence items",
                "Why",
            ]
        )
        for row in rows:
            sheet.append(
                [
                    row.ref,
                    row.framework,
                    row.citation,
                    _text(row.title),
                    row.area,
                    row.state_label,
                    "; ".join(f"{c.code} ({c.coverage}, {c.state.value})" for c in row.controls),
                    row.evidence,
                    _text(row.reason),
                ]
            )
    sheet = book.create_sheet("Controls")
    sheet.append(
        [
            "Control",
            "Title",
            "Area",
            "Evidence state",
            "Evidence items",
            "MiCA requirements",
            "DORA + RTS requirements",
        ]
    )
    for control in crosswalk.controls:
        sheet.append(
            [
                control.code,
                _text(control.title),
                control.area,
                control.state.value,
                control.evidence,
                "; ".join(f"{ref} ({cov})" for ref, cov in control.mica),
                "; ".join(f"{ref} ({cov})" for ref, cov in control.dora),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
