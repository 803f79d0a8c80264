"""Demo step: recurring review schedules for every entity and signed-off access reviews."""

from __future__ import annotations

import datetime as dt
from typing import Any

from midora.compliance.models import Control
from midora.reviews.choices import IAM_CONTROL_CODES, ReviewKind, System
from midora.reviews.models import AccessException, AccessReview, ReviewSchedule
from midora.reviews.services import sign_off

ORDER = 92
SCHEDULES = (
    (
        ReviewKind.ACCESS,
        "Quarterly access review: wallets and key management",
        3,
        9,
        "Export the account lists\nCompare with HR leavers and movers\nConfirm each privileged role "
        "with its manager\nRemove or justify every remaining account",
    ),
    (
        ReviewKind.POLICY,
        "Yearly review of the ICT security policy",
        12,
        -5,
        "Check against DORA Art. 9 and RTS 2024/1774\nCollect changes from the CISO\nApproval by "
        "the management body",
    ),
    (
        ReviewKind.PROVIDER,
        "Assessment of critical ICT providers",
        12,
        24,
        "Refresh the due diligence questionnaire\nReview audit reports and certifications\nCheck "
        "exit plans",
    ),
    (
        ReviewKind.BCP_DR,
        "Review of the BCP and DR plans",
        6,
        40,
        "Update contact lists\nCheck RTO/RPO against the business impact analysis\nPlan the next "
        "exercise",
    ),
)


def load(ctx: Any) -> None:
    entities = list(ctx.refs["entities"].values())
    users = ctx.refs["users"]
    owner = users.get("ciso") or next(iter(users.values()))
    reviewer = users.get("engineer") or owner
    iam = list(Control.objects.filter(code__in=IAM_CONTROL_CODES))
    schedules = reviews = 0
    for index, entity in enumerate(entities):
        for kind, title, months, offset, checklist in SCHEDULES:
            schedule = ReviewSchedule.objects.create(
                entity=entity,
                kind=kind,
                title=title,
                interval_months=months,
                next_due=ctx.today + dt.timedelta(days=offset + 3 * index),
                checklist=checklist,
                owner=owner,
            )
            schedules += 1
            if kind != ReviewKind.ACCESS:
                continue
            schedule.controls.set(iam)
            quarter_end = dt.date(ctx.today.year, 3 * ((ctx.today.month - 1) // 3) + 1, 1)
            end = quarter_end - dt.timedelta(days=1)
            start = dt.date(end.year, end.month, 1) - dt.timedelta(days=62)
            for system in (System.WALLETS, System.KEY_MANAGEMENT):
                review = AccessReview.objects.create(
                    entity=entity,
                    schedule=schedule,
                    system=system,
                    period_start=start.replace(day=1),
                    period_end=end,
                    accounts_reviewed=ctx.rng.randint(20, 60) * ctx.scale,
                    accounts_removed=ctx.rng.randint(1, 6),
                    reviewer=reviewer,
                    owner=reviewer,
                )
                AccessException.objects.create(
                    review=review,
                    account="svc-settlement-bot",
                    justification="Service account of the settlement job; owner confirmed, "
                    "credentials rotated monthly.",
                    approved_by="CISO",
                    expires_on=ctx.today + dt.timedelta(days=90),
                )
                reviews += 1
                if system == System.WALLETS:
                    sign_off(review, owner, on=ctx.today - dt.timedelta(days=20))
                    schedule.refresh_from_db()
    ctx.count("review schedules", schedules)
    ctx.count("access reviews", reviews)
