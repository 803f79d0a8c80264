"""The reviews API: schedules and access reviews scoped by entity, completing a schedule and
signing off an access review (evidence for the IAM controls), with the same rules as the web."""

from __future__ import annotations

import datetime as dt

import pytest

from midora.compliance.models import Control, Evidence
from midora.core.choices import Role
from midora.reviews.choices import ReviewKind
from midora.reviews.models import AccessReview, ReviewSchedule
from tests.factories import make_entity, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    alpha, beta = make_entity("Alpha CASP SAS"), make_entity("Beta CASP GmbH", "DE")
    iam = Control.objects.create(code="CTL-IAM-03", title="Periodic access review")
    iam.entities.add(alpha)
    return {
        "alpha": alpha,
        "beta": beta,
        "iam": iam,
        "cm": make_user("cm", Role.COMPLIANCE_MANAGER, [alpha]),
        "auditor": make_user("auditor", Role.AUDITOR, [alpha]),
        "beta_cm": make_user("beta_cm", Role.COMPLIANCE_MANAGER, [beta]),
    }


def test_schedule_crud_complete_and_completions(world, api_for) -> None:
    api = api_for(world["cm"])
    created = api.post(
        "/api/reviews/schedules/",
        {
            "entity_id": world["alpha"].pk,
            "kind": "access",
            "title": "Quarterly wallet access review",
            "interval_months": 3,
            "next_due": "2026-03-31",
            "checklist": "Export accounts\nRemove leavers",
            "control_ids": [world["iam"].pk],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    schedule = created.json()
    assert schedule["control_ids"] == [world["iam"].pk] and schedule["owner_id"] == world["cm"].pk
    url = f"/api/reviews/schedules/{schedule['id']}"

    listed = api.get("/api/reviews/schedules/?kind=access").json()
    assert [s["id"] for s in listed["items"]] == [schedule["id"]]
    assert api_for(world["beta_cm"]).get(url).status_code == 404  # another entity's schedule

    missing = api.post(
        f"{url}/complete",
        {"completed_on": "2026-03-20", "steps_done": ["Export accounts"]},
        content_type="application/json",
    )
    assert missing.status_code == 422 and "Remove leavers" in missing.content.decode()
    other = Evidence.objects.create(
        entity=world["beta"], title="Beta export", effective_from=dt.date(2026, 1, 1)
    )
    foreign = api.post(
        f"{url}/complete",
        {
            "completed_on": "2026-03-20",
            "steps_done": ["Export accounts", "Remove leavers"],
            "evidence_id": other.pk,
        },
        content_type="application/json",
    )
    assert foreign.status_code == 422 and "evidence_id" in foreign.content.decode()

    kept = Evidence.objects.create(
        entity=world["alpha"], title="Account export Q1", effective_from=dt.date(2026, 3, 1)
    )
    done = api.post(
        f"{url}/complete",
        {
            "completed_on": "2026-03-20",
            "steps_done": ["Export accounts", "Remove leavers"],
            "notes": "Two leavers removed.",
            "evidence_id": kept.pk,
        },
        content_type="application/json",
    )
    assert done.status_code == 201, done.content
    assert done.json()["next_due"] == "2026-06-30"
    assert api.get(url).json()["next_due"] == "2026-06-30"
    assert [c["notes"] for c in api.get(f"{url}/completions").json()] == ["Two leavers removed."]
    assert set(kept.links.values_list("control_id", flat=True)) == {world["iam"].pk}

    refused = api_for(world["auditor"]).post(
        f"{url}/complete",
        {"completed_on": "2026-03-21", "steps_done": ["Export accounts", "Remove leavers"]},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert ReviewSchedule.objects.get(pk=schedule["id"]).completions.count() == 1


def test_access_review_sign_off_makes_iam_evidence(world, api_for) -> None:
    api = api_for(world["cm"])
    schedule = ReviewSchedule.objects.create(
        entity=world["alpha"],
        kind=ReviewKind.ACCESS,
        title="Quarterly access review",
        interval_months=3,
        next_due=dt.date(2027, 1, 15),
    )
    created = api.post(
        "/api/reviews/access-reviews/",
        {
            "entity_id": world["alpha"].pk,
            "schedule_id": schedule.pk,
            "system": "key_management",
            "period_start": "2026-10-01",
            "period_end": "2026-12-31",
            "accounts_reviewed": 0,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    review = created.json()
    assert review["signed_off_at"] is None and review["evidence_id"] is None
    sign = f"/api/reviews/access-reviews/{review['id']}/sign-off"

    incomplete = api.post(sign, {}, content_type="application/json")
    assert incomplete.status_code == 422
    assert "Name the reviewer" in incomplete.content.decode()

    api.patch(
        f"/api/reviews/access-reviews/{review['id']}",
        {"version": review["version"], "reviewer_id": world["cm"].pk, "accounts_reviewed": 42},
        content_type="application/json",
    )
    exception = api.post(
        "/api/reviews/access-exceptions/",
        {"review_id": review["id"], "account": "break-glass", "justification": "Emergency access"},
        content_type="application/json",
    )
    assert exception.status_code == 201, exception.content
    signed = api.post(sign, {"signed_on": "2027-01-10"}, content_type="application/json")
    assert signed.status_code == 200, signed.content
    body = signed.json()
    assert body["signed_off_by_id"] == world["cm"].pk and body["evidence_id"]
    evidence = Evidence.objects.get(pk=body["evidence_id"])
    assert evidence.effective_to == dt.date(2026, 12, 31)
    assert evidence.next_review_on == dt.date(2027, 4, 15)
    schedule.refresh_from_db()
    assert schedule.next_due == dt.date(2027, 4, 15)

    again = api.post(sign, {}, content_type="application/json")
    assert again.status_code == 422 and "already signed off" in again.content.decode()
    assert (
        api_for(world["beta_cm"]).post(sign, {}, content_type="application/json").status_code == 404
    )
    assert AccessReview.objects.get(pk=review["id"]).evidence_id == body["evidence_id"]
