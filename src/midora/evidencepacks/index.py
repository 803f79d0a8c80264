"""The readable index of a pack (HTML and PDF), ordered by requirement."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string

from midora.evidencepacks.collect import EvidenceFile, PackContent


@dataclass
class RequirementRow:
    requirement: Any
    mappings: list[Any] = field(default_factory=list)
    files: list[EvidenceFile] = field(default_factory=list)
    references: list[Any] = field(default_factory=list)
    results: list[Any] = field(default_factory=list)


def requirement_rows(content: PackContent) -> list[RequirementRow]:
    rows = {r.ref: RequirementRow(r) for r in content.requirements}
    for mapping in content.mappings:
        if mapping.requirement.ref in rows:
            rows[mapping.requirement.ref].mappings.append(mapping)
    for evidence_file in content.files:
        for ref in evidence_file.requirements:
            if ref in rows:
                rows[ref].files.append(evidence_file)
    controls_by_evidence: dict[int, set[int]] = defaultdict(set)
    for link in content.links:
        controls_by_evidence[link.evidence_id].add(link.control_id)
    for row in rows.values():
        mapped = {m.control_id for m in row.mappings}
        row.references = [
            e
            for e in content.evidence
            if e.kind == "reference" and controls_by_evidence[e.pk] & mapped
        ]
    for result in content.results:
        if result.requirement.ref in rows:
            rows[result.requirement.ref].results.append(result)
    return list(rows.values())


def unattached_files(content: PackContent) -> list[EvidenceFile]:
    return [f for f in content.files if not f.requirements]


def render_index(content: PackContent, header: dict[str, Any], *, for_pdf: bool = False) -> str:
    template = "pack_index_pdf.html" if for_pdf else "pack_index.html"
    return render_to_string(
        f"evidencepacks/{template}",
        {
            "content": content,
            "header": header,
            "rows": requirement_rows(content),
            "unattached": unattached_files(content),
            "for_pdf": for_pdf,
        },
    )


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
