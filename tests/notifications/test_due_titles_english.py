"""Every due module's title is a sentence whose text is the English it wrote before: the alert's
stored title, its e-mail and webhook, and the API are unchanged (docs/i18n.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from midora.core.due_registry import due_items
from midora.core.engine.sentences import Sentence
from tests.factories import demo_loaded_once

DEMO_NOW = dt.datetime(2026, 3, 15, 12, 0, tzinfo=dt.UTC)
# One title per kind of due item in the demo, as the worker wrote them before titles were kept as
# sentences (English, the installation's default language).
ENGLISH = {
    "Approve a budget of EUR 60,000 for “Add a second SEPA bank after the payments incident”",
    "Action “Add audit and access rights to the KYC provider contract” overdue since 2025-11-22",
    "Dossier item MICA-RTS305-9.a.iii of Aurora Brokerage Ireland Ltd "
    "(drafted; drafting: ciso, review: compliance)",
    "Answer to the authority's request CBI/CASP/2026/118-2 (Aurora Brokerage Ireland Ltd) "
    "due 2026-03-27",
    "Review evidence “Cryptography standard 2025-11” by 2026-03-18",
    "Evidence “Issue tracker 2025-07” is stale (review was due 2025-10-15)",
    "Intermediate report of INC-2026-0001 · Aurora Exchange GmbH due 2026-03-16 11:00 UTC",
    "Test “Network segmentation review” was planned for 2026-03-12",
    "Test “Open-source dependency analysis of wallet services” planned for 2026-04-26",
    "Policy review “Yearly review of the ICT security policy” due 2026-03-16",
    "Acceptance of risk R-DE-0012 expires on 2026-12-20",
    "Register of Information of Aurora Exchange GmbH: reference date 2026-12-31",
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_loaded_once(django_db_blocker, today="2026-03-15", seed=7) as summary:
        yield summary


@pytest.mark.django_db
def test_every_due_module_keeps_the_english_title_it_wrote(demo) -> None:
    items = due_items(DEMO_NOW, dt.timedelta(days=400))
    assert {i.event for i in items} >= {
        "action.budget_decision",
        "action.overdue",
        "authorisation.item_assigned",
        "authorisation.request_due",
        "evidence.review_due",
        "evidence.stale",
        "incident.report_due",
        "resilience.test_due",
        "review.due",
        "risk.acceptance_expiring",
        "roi.reference_date",
    }
    assert {str(i.title) for i in items} >= ENGLISH
    assert all(isinstance(i.title, Sentence) for i in items)
    # What an alert keeps says again the same English.
    assert all(str(Sentence.from_json(i.title.as_json())) == i.title for i in items)
