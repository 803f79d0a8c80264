"""How review schedules, access reviews and access exceptions are listed and shown."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from midora.core.register_framework import (
    ENTITY_COLUMN,
    OWNER_COLUMN,
    Column,
    Filter,
    Register,
    Related,
    entity_choices,
    static_choices,
)
from midora.reviews.choices import ReviewKind, System
from midora.reviews.forms import AccessExceptionForm, AccessReviewForm, ReviewScheduleForm
from midora.reviews.models import AccessException, AccessReview, ReviewSchedule

ENTITY_FILTER = Filter("entity", _("Entity"), "entity_id", entity_choices)

schedules = Register(
    model=ReviewSchedule,
    slug="schedules",
    title=_("Review schedules"),
    columns=[
        Column("title", _("Review"), sort="title", link=True),
        ENTITY_COLUMN,
        Column("kind", _("Kind"), sort="kind"),
        Column("interval_months", _("Every (months)"), sort="interval_months"),
        Column("next_due", _("Next due"), sort="next_due"),
        OWNER_COLUMN,
    ],
    form_class=ReviewScheduleForm,
    fields=ReviewScheduleForm._meta.fields,
    links_across_entities=["controls"],  # the control library is shared by the entities
    search_fields=["title", "checklist"],
    filters=[ENTITY_FILTER, Filter("kind", _("Kind"), "kind", static_choices(ReviewKind.choices))],
    ordering=["next_due"],
    select_related=["entity", "owner"],
    detail_fields=[
        "entity",
        "kind",
        "title",
        "interval_months",
        "next_due",
        "checklist",
        "controls",
        "active",
        "owner",
    ],
    related=[
        Related(
            _("Completions"),
            "completions",
            [
                Column("completed_on", _("Completed")),
                Column("next_due", _("Next due set")),
                Column("evidence", _("Evidence")),
                Column("notes", _("Notes")),
            ],
        )
    ],
    description=_(
        "Recurring reviews: access reviews, policy reviews, ICT provider assessments and "
        "BCP/DR plan reviews, each with its interval, next due date, owner and checklist."
    ),
)

access_reviews = Register(
    model=AccessReview,
    slug="access-reviews",
    title=_("Access reviews"),
    columns=[
        Column("__str__", _("Review"), link=True),
        ENTITY_COLUMN,
        Column("system", _("System"), sort="system"),
        Column("accounts_reviewed", _("Reviewed"), sort="accounts_reviewed"),
        Column("accounts_removed", _("Removed"), sort="accounts_removed"),
        Column("reviewer", _("Reviewer"), sort="reviewer__username"),
        Column("signed_off_at", _("Signed off"), sort="signed_off_at"),
    ],
    form_class=AccessReviewForm,
    fields=AccessReviewForm._meta.fields,
    api_outputs={
        "signed_off_by_id": int | None,
        "signed_off_at": dt.datetime | None,
        "evidence_id": int | None,
    },
    search_fields=["system_name", "findings"],
    filters=[
        ENTITY_FILTER,
        Filter("system", _("System"), "system", static_choices(System.choices)),
    ],
    ordering=["-period_end"],
    select_related=["entity", "reviewer"],
    detail_fields=[
        "entity",
        "schedule",
        "system",
        "system_name",
        "period_start",
        "period_end",
        "accounts_reviewed",
        "accounts_removed",
        "reviewer",
        "findings",
        "signed_off_by",
        "signed_off_at",
        "evidence",
        "owner",
    ],
    related=[
        Related(
            _("Exceptions"),
            "exceptions",
            [
                Column("account", _("Account")),
                Column("justification", _("Justification")),
                Column("approved_by", _("Approved by")),
                Column("expires_on", _("Until")),
            ],
        )
    ],
    description=_(
        "Who has access to wallets, key management, the trading platform ... reviewed, "
        "with the accounts removed and the exceptions kept (RTS 2024/1774 Art. 21). A signed-off "
        "review becomes evidence for the IAM controls."
    ),
)

access_exceptions = Register(
    model=AccessException,
    slug="access-exceptions",
    title=_("Access exceptions"),
    columns=[
        Column("account", _("Account"), sort="account", link=True),
        Column("review", _("Review")),
        Column("justification", _("Justification")),
        Column("expires_on", _("Until"), sort="expires_on"),
    ],
    form_class=AccessExceptionForm,
    fields=AccessExceptionForm._meta.fields,
    search_fields=["account", "justification"],
    ordering=["account"],
    select_related=["review"],
)
