"""OSCAL export loads in compliance-trestle's models and carries the catalogue content."""

import datetime as dt

import pytest
from trestle.oscal.assessment_results import AssessmentResults
from trestle.oscal.catalog import Catalog

from midora.compliance.engine.catalogue_files import load_shipped_catalogues
from midora.compliance.engine.oscal import (
    AssessmentRecord,
    EvidenceItem,
    RequirementAssessment,
    assessment_results_document,
    catalog_document,
)

STARTED = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def catalogues():
    return load_shipped_catalogues()


@pytest.mark.parametrize("regime", ["MICA", "DORA"])
def test_catalog_loads_in_trestle_with_one_control_per_requirement(catalogues, regime):
    mine = [c for c in catalogues if c.regime == regime]
    document = catalog_document(mine)
    model = Catalog(**document["catalog"])
    control_ids = [c.id for g in model.groups for c in (g.controls or [])]
    expected = [e.id.lower() for c in mine for e in c.requirements if not e.grouping]
    assert control_ids == expected
    assert catalog_document(mine) == document  # stable uuids


def test_catalog_refuses_mixed_regimes(catalogues):
    with pytest.raises(ValueError, match="one regime"):
        catalog_document(catalogues)


def _record(status="partially_met"):
    return AssessmentRecord(
        title="DORA readiness Q1",
        regime="DORA",
        scope="Example CASP SA (FR)",
        started=STARTED,
        ended=STARTED + dt.timedelta(days=3),
        results=(
            RequirementAssessment(
                "DORA-5.2",
                "met",
                "Board minutes show approval.",
                3,
                4,
                (EvidenceItem("Board minutes", "evidence/ab12", "a" * 64),),
            ),
            RequirementAssessment(
                "DORA-28.8", status, "Exit plans exist for 2 of 5 providers.", 2, 4
            ),
            RequirementAssessment("DORA-26.1", "not_applicable", "Not designated for TLPT."),
        ),
    )


def test_assessment_results_load_in_trestle(catalogues):
    document = assessment_results_document(_record(), catalogues)
    model = AssessmentResults(**document["assessment-results"])
    findings = model.results[0].findings
    assert [f.target.target_id for f in findings] == ["dora-5.2", "dora-28.8", "dora-26.1"]
    assert [f.target.status.state.value for f in findings] == [
        "satisfied",
        "not-satisfied",
        "satisfied",
    ]
    assert model.results[0].observations[0].relevant_evidence[0].href == "evidence/ab12"


def test_assessment_refuses_bad_rows(catalogues):
    with pytest.raises(ValueError, match="status 'done'"):
        assessment_results_document(_record("done"), catalogues)
    wrong_regime = AssessmentRecord(
        "x", "DORA", "y", STARTED, (RequirementAssessment("MICA-75.1", "met", "ok"),)
    )
    with pytest.raises(ValueError, match="not a DORA requirement"):
        assessment_results_document(wrong_regime, catalogues)
