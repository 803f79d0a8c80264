"""The demo step fills compliance with uneven, real data: every freshness state, stored files."""

from __future__ import annotations

import pytest
from django.utils import timezone

from midora.authorisation.demo import DOCUMENTS as AUTHORISATION_DOCUMENTS
from midora.compliance.crosswalk import build_crosswalk, evidence_states
from midora.compliance.evidence_store import verify_blobs
from midora.compliance.models import Assessment, Control, Evidence, EvidenceVersion
from midora.core.demo_loader import load_demo
from midora.reviews.models import AccessReview, ReviewCompletion

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_evidence_is_uneven_and_stored(settings):
    load_demo(scale=1, seed=7, password="a-long-demo-password")
    today = timezone.localdate()
    states = {s.value for s in evidence_states(Evidence.objects.all(), today).values()}
    assert states == {"current", "due_soon", "stale"}
    crosswalk = build_crosswalk(Control.objects.all(), Evidence.objects.all(), today)
    control_states = {c.state.value for c in crosswalk.controls}
    assert control_states == {"current", "due_soon", "stale", "missing"}
    assert crosswalk.evidence_both > 0
    assert crosswalk.no_evidence("MICA") and crosswalk.no_evidence("DORA")
    review_evidence = {
        *AccessReview.objects.exclude(evidence=None).values_list("evidence", flat=True),
        *ReviewCompletion.objects.exclude(evidence=None).values_list("evidence", flat=True),
    }
    # the compliance step's 200, the dossier's documents, and what signed-off reviews kept
    assert Evidence.objects.count() == 200 + len(AUTHORISATION_DOCUMENTS) + len(review_evidence)
    digests = list(EvidenceVersion.objects.values_list("sha256", flat=True))
    assert digests and verify_blobs(digests).intact
    in_progress = Assessment.objects.filter(status="in_progress")
    assert sorted(in_progress.values_list("regime", flat=True)) == ["DORA", "MICA"]
    for assessment in in_progress:
        statuses = set(assessment.results.values_list("status", flat=True))
        assert "" in statuses and "met" in statuses
