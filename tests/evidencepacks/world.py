"""A small DORA and MiCA catalogue, a control shared by two entities and evidence of each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from midora.compliance.evidence_records import add_version
from midora.compliance.evidence_store import store_bytes
from midora.compliance.models import (
    Control,
    Evidence,
    EvidenceLink,
    Framework,
    Mapping,
    Requirement,
)
from midora.core.models import LegalEntity


@dataclass
class World:
    entity: LegalEntity
    other: LegalEntity
    dora: list[Requirement]
    mica: Requirement
    control: Control
    evidence: Evidence
    other_evidence: Evidence


def _framework(code: str, regime: str) -> Framework:
    framework = Framework(
        code=code,
        regime=regime,
        regulation=f"{code} regulation",
        consolidated_date=dt.date(2025, 1, 1),
        catalogue_version="1",
    )
    framework.save()
    return framework


def _requirement(framework: Framework, ref: str, position: int, area: str) -> Requirement:
    requirement = Requirement(
        framework=framework,
        ref=ref,
        position=position,
        article=ref.split("-")[1].split(".")[0],
        citation=f"Art. {ref}",
        title=f"Title of {ref}",
        summary=f"Summary of {ref}",
        area=area,
    )
    requirement.save()
    return requirement


def add_evidence(entity: LegalEntity, title: str, content: bytes, control: Control) -> Evidence:
    evidence = Evidence(
        entity=entity,
        title=title,
        effective_from=dt.date(2026, 1, 1),
        approved_on=dt.date(2026, 1, 15),
    )
    evidence.save()
    add_version(evidence, store_bytes(content), f"{title}.pdf")
    EvidenceLink(evidence=evidence, control=control).save()
    return evidence


def make_world(entity: LegalEntity, other_entity: LegalEntity) -> World:
    """Two DORA requirements and one MiCA one, a control of both entities, evidence of each."""
    dora = _framework("DORA", "DORA")
    mica = _framework("MICA", "MICA")
    dora_reqs = [
        _requirement(dora, "DORA-5.1", 1, "ICT risk"),
        _requirement(dora, "DORA-9.2", 2, "ICT risk"),
    ]
    mica_req = _requirement(mica, "MICA-68.1", 1, "Governance")
    control = Control(code="CTL-IAM-01", title="Access review")
    control.save()
    control.entities.set([entity, other_entity])
    for requirement in [*dora_reqs, mica_req]:
        Mapping(
            control=control,
            requirement=requirement,
            coverage="full",
            rationale=f"Reviews access, as {requirement.ref} asks.",
        ).save()
    evidence = add_evidence(entity, "Access review Alpha", b"%PDF-1.4 alpha review\n", control)
    other = add_evidence(other_entity, "Access review Beta", b"%PDF-1.4 beta review\n", control)
    return World(entity, other_entity, dora_reqs, mica_req, control, evidence, other)
