"""Completing a review schedule and signing off an access review (evidence for IAM controls)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from midora.compliance.models import Control, Evidence, EvidenceLink
from midora.reviews.choices import IAM_CONTROL_CODES
from midora.reviews.models import AccessReview, ReviewCompletion, ReviewSchedule
from midora.reviews.recurrence import next_due_after


def _link(evidence: Evidence, controls: Any) -> None:
    for control in controls:
        EvidenceLink.objects.get_or_create(evidence=evidence, control=control)


def complete_schedule(
    schedule: ReviewSchedule,
    user: Any,
    completed_on: dt.date,
    steps_done: list[str],
    notes: str = "",
    evidence: Evidence | None = None,
) -> ReviewCompletion:
    """Record the completion and move the schedule's next due date one interval on."""
    missing = [step for step in schedule.checklist_steps if step not in steps_done]
    if missing:
        raise ValidationError(
            {"steps_done": [_("Step not done: %(step)s") % {"step": step} for step in missing]}
        )
    if evidence is not None and evidence.entity_id != schedule.entity_id:
        raise ValidationError({"evidence": _("The evidence must be one of the schedule's entity.")})
    following = next_due_after(schedule.next_due, completed_on, schedule.interval_months)
    with transaction.atomic():
        completion = ReviewCompletion.objects.create(
            schedule=schedule,
            completed_on=completed_on,
            steps_done=steps_done,
            notes=notes,
            evidence=evidence,
            next_due=following,
            owner=user if getattr(user, "pk", None) else None,
        )
        schedule.next_due = following
        schedule.save()
        if evidence is not None:
            _link(evidence, schedule.controls.all())
    return completion


def iam_controls(review: AccessReview) -> list[Control]:
    if review.schedule_id and review.schedule.controls.exists():
        return list(review.schedule.controls.all())
    return list(Control.objects.filter(code__in=IAM_CONTROL_CODES))


def sign_off(review: AccessReview, user: Any, on: dt.date | None = None) -> AccessReview:
    """Sign the review off: it becomes evidence (covering its period, current until the next
    review) linked to the IAM controls, and completes its schedule."""
    if review.signed_off:
        raise ValidationError(_("%(review)s was already signed off.") % {"review": review})
    problems = []
    if review.reviewer_id is None:
        problems.append(_("Name the reviewer before signing off."))
    if review.accounts_reviewed == 0:
        problems.append(_("Record how many accounts were reviewed."))
    unjustified = [e.account for e in review.exceptions.all() if not e.justification.strip()]
    if unjustified:
        problems.append(f"Exceptions without justification: {', '.join(unjustified)}.")
    if problems:
        raise ValidationError(problems)
    today = on or timezone.localdate()
    schedule = review.schedule
    next_review = (
        next_due_after(schedule.next_due, today, schedule.interval_months) if schedule else None
    )
    with transaction.atomic():
        evidence = Evidence.objects.create(
            entity=review.entity,
            title=str(review)[:200],
            kind=Evidence.Kind.REFERENCE,
            category=Evidence.Category.RECORD,
            description=(
                f"{review.accounts_reviewed} accounts reviewed, {review.accounts_removed} removed, "
                f"{review.exceptions.count()} exception(s). {review.findings}"
            ).strip(),
            location=f"midora access review #{review.pk}",
            effective_from=review.period_start,
            effective_to=review.period_end,
            next_review_on=next_review,
            review_interval_days=(schedule.interval_months * 30) if schedule else 90,
            approved_by=user if getattr(user, "pk", None) else None,
            approved_on=max(today, review.period_start),
            owner=review.owner,
        )
        _link(evidence, iam_controls(review))
        if schedule is not None:
            complete_schedule(
                schedule,
                user,
                today,
                schedule.checklist_steps,
                f"Access review #{review.pk}",
                evidence,
            )
        review.signed_off_by = user if getattr(user, "pk", None) else None
        review.signed_off_at = timezone.now()
        review.evidence = evidence
        review.save()
    return review
