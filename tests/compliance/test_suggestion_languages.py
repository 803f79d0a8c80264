"""Assessment suggestions in the reader's language, their English kept as the engine says it."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest

from midora.compliance.assessment_service import create_assessment
from midora.compliance.engine.freshness import EvidenceState
from midora.compliance.engine.maturity import suggest_status
from midora.core.engine.sentences import Sentence
from midora.core.models import ServiceOffering

pytestmark = pytest.mark.django_db

FRESH, STALE = EvidenceState.CURRENT, EvidenceState.STALE


@pytest.mark.parametrize(
    ("coverage", "states", "english"),
    [
        ({}, {}, "no control is mapped to this requirement"),
        ({"C1": "full"}, {"C1": FRESH}, "fully covered by C1 with fresh evidence"),
        (
            {"C1": "full", "C2": "partial"},
            {"C1": FRESH},
            "fully covered by C1 with fresh evidence; without fresh evidence: C2",
        ),
        ({"C1": "partial"}, {"C1": FRESH}, "only partly covered by C1 with fresh evidence"),
        (
            {"C1": "partial", "C2": "full"},
            {"C1": FRESH, "C2": STALE},
            "only partly covered by C1 with fresh evidence; without fresh evidence: C2",
        ),
        ({"C1": "full", "C2": "full"}, {}, "mapped controls have no fresh evidence: C1, C2"),
    ],
)
def test_suggestion_is_the_english_it_was(coverage, states, english):
    reason = suggest_status(coverage, states).reason
    assert reason == english
    assert isinstance(reason, Sentence)
    assert Sentence.from_json(reason.as_json()) == english


def test_assessment_page_says_the_suggestions_in_german(
    library, entity, compliance_user, client_for
):
    ServiceOffering.objects.create(entity=entity, service="custody", member_states=["FR"])
    assessment = create_assessment(
        title="MiCA readiness", regime="MICA", entities=[entity], started_on=dt.date.today()
    )
    results = list(assessment.results.all())
    english = {r.suggestion for r in results}
    assert english
    for result in results:
        assert str(Sentence.from_json(result.suggestion_sentence)) == result.suggestion
    client = client_for(compliance_user)
    page = unescape(
        client.get(assessment.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    )
    assert not [text for text in english if text in page]
    assert "die zugeordneten Kontrollen haben keine aktuellen Nachweise: " in page or (
        "dieser Anforderung ist keine Kontrolle zugeordnet" in page
    )
    edit = client.get(results[0].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert results[0].suggestion not in unescape(edit)
    assert "Suggéré : " in unescape(edit)
