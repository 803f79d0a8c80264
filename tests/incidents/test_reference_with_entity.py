"""Incident references are numbered per entity, so two entities of a group both have an
INC-2026-0001: wherever a reference is shown, its entity is shown with it."""

from __future__ import annotations

import datetime as dt

import pytest

from midora.core.choices import Role
from midora.incidents.due import items
from midora.incidents.models import IncidentReport
from tests.factories import make_user

from .app_fixtures import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(entity, other_entity):
    user = make_user("group", Role.COMPLIANCE_MANAGER, [entity, other_entity])
    first, second = record(user, entity), record(user, other_entity)
    assert first.reference == second.reference
    for incident in (first, second):
        IncidentReport.objects.create(incident=incident, stage="initial_notification")
    return user, first, second


def test_pages_name_the_entity_beside_the_reference(twins, client_for):
    user, first, second = twins
    client = client_for(user)
    for url in (
        "/incidents/",
        "/incidents/clock/?show=all",
        "/incidents/records/",
        "/incidents/reports/",
        first.get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        if url == first.get_absolute_url():
            assert f"{first.reference} · Alpha CASP SAS" in html, url
            continue
        assert f"{first.reference} · Alpha CASP SAS" in html, url
        assert f"{second.reference} · Beta CASP GmbH" in html, url


def test_names_and_alerts_carry_the_entity(twins):
    _user, first, second = twins
    assert str(first) == f"{first.reference} · Alpha CASP SAS — {first.title}"
    assert first.labelled_reference != second.labelled_reference
    titles = [
        item.title for item in items(first.aware_at + dt.timedelta(hours=1), dt.timedelta(days=30))
    ]
    assert any("· Alpha CASP SAS" in t for t in titles)
    assert any("· Beta CASP GmbH" in t for t in titles)
