"""Signing off an access review twice: the page's refusal names the review and says why in the
reader's language."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest

from midora.core.choices import Role
from midora.reviews.choices import System
from midora.reviews.models import AccessReview
from midora.reviews.services import sign_off
from tests.factories import make_entity, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(db):
    entity = make_entity("Alpha CASP SAS")
    cm = make_user("cm", Role.COMPLIANCE_MANAGER, [entity])
    review = AccessReview.objects.create(
        entity=entity,
        system=System.KEY_MANAGEMENT,
        system_name="HSM cluster",
        period_start=dt.date(2025, 10, 1),
        period_end=dt.date(2025, 12, 31),
        accounts_reviewed=10,
        reviewer=cm,
    )
    sign_off(review, cm, on=dt.date(2026, 1, 12))
    return review, cm


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Cannot sign off: {review} was already signed off."),
        ("de", "Abzeichnen nicht möglich: {review} wurde bereits abgezeichnet."),
        ("fr", "Validation impossible : {review} a déjà été validée."),
    ],
)
def test_second_sign_off_refused_in_the_readers_language(
    signed, client_for, language, message
) -> None:
    review, cm = signed
    page = client_for(cm).post(
        f"/reviews/access-reviews/{review.pk}/sign-off/", follow=True, HTTP_ACCEPT_LANGUAGE=language
    )
    text = unescape(page.content.decode())
    assert message.format(review=review) in text
    if language != "en":
        assert "already signed off" not in text
