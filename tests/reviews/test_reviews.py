"""Recurring reviews and access reviews: completing moves the next due date, a signed-off access
review is evidence for the IAM controls, current until the next review."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from midora.compliance.engine.freshness import EvidenceState
from midora.compliance.models import Control
from midora.core.choices import Role
from midora.reviews.choices import ReviewKind, System
from midora.reviews.models import AccessException, AccessReview, ReviewSchedule
from midora.reviews.recurrence import add_months, next_due_after
from midora.reviews.services import complete_schedule, sign_off
from tests.factories import make_entity, make_user


def test_next_due_keeps_the_rhythm_or_restarts_after_a_late_review() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert next_due_after(dt.date(2026, 3, 31), dt.date(2026, 4, 10), 3) == dt.date(2026, 6, 30)
    assert next_due_after(dt.date(2026, 3, 31), dt.date(2026, 7, 15), 3) == dt.date(2026, 10, 15)
    with pytest.raises(ValueError, match="at least 1"):
        next_due_after(dt.date(2026, 3, 31), dt.date(2026, 4, 1), 0)


@pytest.fixture
def world(db):
    entity, other = make_entity("Alpha CASP SAS"), make_entity("Beta CASP GmbH", "DE")
    cm = make_user("cm", Role.COMPLIANCE_MANAGER, [entity])
    iam = Control.objects.create(code="CTL-IAM-03", title="Periodic access review")
    schedule = ReviewSchedule.objects.create(
        entity=entity,
        kind=ReviewKind.ACCESS,
        title="Quarterly access review",
        interval_months=3,
        next_due=dt.date(2026, 1, 15),
        checklist="Export accounts\nRemove leavers",
    )
    schedule.controls.set([iam])
    return {"entity": entity, "other": other, "cm": cm, "iam": iam, "schedule": schedule}


def test_completion_needs_every_step_and_moves_the_next_due_date(world) -> None:
    schedule = world["schedule"]
    with pytest.raises(ValidationError, match="Remove leavers"):
        complete_schedule(schedule, world["cm"], dt.date(2026, 1, 10), ["Export accounts"])
    completion = complete_schedule(
        schedule, world["cm"], dt.date(2026, 1, 10), ["Export accounts", "Remove leavers"]
    )
    schedule.refresh_from_db()
    assert schedule.next_due == completion.next_due == dt.date(2026, 4, 15)


def test_signed_off_access_review_is_iam_evidence_current_until_next_review(world) -> None:
    review = AccessReview.objects.create(
        entity=world["entity"],
        schedule=world["schedule"],
        system=System.WALLETS,
        period_start=dt.date(2025, 10, 1),
        period_end=dt.date(2025, 12, 31),
        accounts_reviewed=0,
    )
    with pytest.raises(ValidationError, match="reviewer"):
        sign_off(review, world["cm"], on=dt.date(2026, 1, 12))
    review.reviewer, review.accounts_reviewed, review.accounts_removed = world["cm"], 42, 3
    review.save()
    AccessException.objects.create(
        review=review, account="svc-bot", justification="Settlement service account"
    )
    sign_off(review, world["cm"], on=dt.date(2026, 1, 12))
    review.refresh_from_db()
    evidence = review.evidence
    assert review.signed_off and evidence.entity == world["entity"]
    assert list(evidence.controls.all()) == [world["iam"]]
    assert (evidence.effective_from, evidence.effective_to) == (
        dt.date(2025, 10, 1),
        dt.date(2025, 12, 31),
    )
    assert evidence.next_review_on == dt.date(2026, 4, 15)
    assert evidence.state(dt.date(2026, 3, 1)) is EvidenceState.CURRENT
    assert evidence.state(dt.date(2026, 4, 20)) is EvidenceState.STALE
    world["schedule"].refresh_from_db()
    assert world["schedule"].next_due == dt.date(2026, 4, 15)
    with pytest.raises(ValidationError, match="already signed off"):
        sign_off(review, world["cm"])


def test_pages_are_scoped_and_sign_off_from_the_web(world, client_for) -> None:
    review = AccessReview.objects.create(
        entity=world["entity"],
        system=System.KEY_MANAGEMENT,
        period_start=dt.date(2025, 10, 1),
        period_end=dt.date(2025, 12, 31),
        accounts_reviewed=10,
        reviewer=world["cm"],
    )
    client = client_for(world["cm"])
    assert client.get("/reviews/").status_code == 200
    assert "Sign off this access review" in client.get(review.get_absolute_url()).content.decode()
    response = client.post(f"/reviews/access-reviews/{review.pk}/sign-off/")
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.signed_off and review.evidence is not None
    outsider = client_for(make_user("beta_cm", Role.COMPLIANCE_MANAGER, [world["other"]]))
    assert outsider.get(review.get_absolute_url()).status_code == 404
    assert outsider.post(f"/reviews/access-reviews/{review.pk}/sign-off/").status_code == 404
