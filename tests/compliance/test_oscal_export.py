"""`midora oscal export` writes documents from stored records that load in compliance-trestle."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from trestle.oscal.assessment_results import AssessmentResults
from trestle.oscal.catalog import Catalog

from midora.cli import main
from midora.compliance.assessment_service import create_assessment
from midora.compliance.evidence_records import add_version
from midora.compliance.evidence_store import store_bytes
from midora.compliance.models import Control, Evidence, EvidenceLink, Requirement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("regime", ["MICA", "DORA"])
def test_catalogue_export_loads_in_trestle(library, tmp_path, regime):
    target = tmp_path / f"{regime}.json"
    assert main(["oscal", "export", "catalogue", regime, "-o", str(target)]) == 0
    model = Catalog(**json.loads(target.read_text())["catalog"])
    ids = {c.id for g in model.groups for c in (g.controls or [])}
    expected = Requirement.objects.filter(
        framework__regime=regime, withdrawn=False, grouping=False
    ).count()
    assert len(ids) == expected
    if regime == "DORA":
        assert "rts1773-1" in ids or any(i.startswith("rts1773-") for i in ids)


def test_assessment_export_loads_in_trestle(library, entity, tmp_path, capsys):
    evidence = Evidence.objects.create(
        entity=entity, title="Governance framework", effective_from=dt.date.today()
    )
    version = add_version(evidence, store_bytes(b"framework"), "framework.pdf")
    EvidenceLink.objects.create(evidence=evidence, control=Control.objects.get(code="CTL-GOV-01"))
    assessment = create_assessment(
        title="DORA 2026", regime="DORA", entities=[entity], started_on=dt.date(2026, 3, 1)
    )
    result = assessment.results.get(requirement__ref="DORA-5.2.c")
    result.status, result.current_maturity, result.rationale = "met", 3, "Roles approved."
    result.save()
    result.evidence_considered.add(evidence)
    na = assessment.results.exclude(pk=result.pk).first()
    na.status, na.rationale = "not_applicable", "Outsourced to the parent under Art 28(1)."
    na.save()
    target = tmp_path / "assessment.json"
    assert main(["oscal", "export", "assessment", str(assessment.pk), "-o", str(target)]) == 0
    model = AssessmentResults(**json.loads(target.read_text())["assessment-results"])
    findings = {f.target.target_id: f for f in model.results[0].findings}
    assert set(findings) == {"dora-5.2.c", na.requirement.ref.lower()}
    assert findings["dora-5.2.c"].target.status.state.value == "satisfied"
    observations = model.results[0].observations
    hashes = [
        p.value for o in observations for e in (o.relevant_evidence or []) for p in (e.props or [])
    ]
    assert version.sha256 in hashes
    assert main(["oscal", "export", "assessment", "9999"]) == 2
    assert "no assessment #9999" in capsys.readouterr().err
