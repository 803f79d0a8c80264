"""A readable PDF of a report (ITS 2025/302 Annex I content), rendered with WeasyPrint."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from midora.incidents.said import said_classification
from midora.incidents.services.reporting import current_classification, report_content


def flatten(value: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Nested report content as (field path, text) rows, in document order."""
    if isinstance(value, dict):
        rows: list[tuple[str, str]] = []
        for key, item in value.items():
            rows += flatten(item, f"{prefix}.{key}" if prefix else key)
        return rows
    if isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            return [(prefix, ", ".join(str(v) for v in value))]
        rows = []
        for index, item in enumerate(value):
            rows += flatten(item, f"{prefix}[{index + 1}]")
        return rows
    if isinstance(value, bool):
        return [(prefix, "yes" if value else "no")]
    return [(prefix, str(value))]


def report_pdf(report: Any) -> bytes:
    """The report as PDF: header, classification criteria, and every field of the content."""
    from weasyprint import HTML

    incident = report.incident
    classification = current_classification(incident)
    html = render_to_string(
        "incidents/report_pdf.html",
        {
            "report": report,
            "incident": incident,
            "tz": incident.entity.time_zone,
            "rows": flatten(report_content(report)),
            "classification": classification,
            "said": said_classification(classification),
            "generated": timezone.now(),
        },
    )
    return HTML(string=html).write_pdf()
