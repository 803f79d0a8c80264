"""Authority profiles: shipped calendars, currency and country feed the incident clock, reports
and the Register of Information."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from midora.core.authority_profiles import load_profiles, match_profile, shipped_profiles
from midora.core.engine.calendars import AuthorityCalendar
from midora.core.models import AuthorityHoliday, AuthorityProfile
from midora.incidents.services.reporting import clock_for, entity_data
from tests.factories import make_entity
from tests.incidents.app_fixtures import record

VADUZ = ZoneInfo("Europe/Vaduz")
REQUIRED = {"LI", "DE", "FR", "IE", "LU", "AT", "NL", "CY", "MT", "IT", "ES"}


def test_shipped_profiles_cover_the_casp_authorities_with_sources():
    profiles = shipped_profiles()
    assert REQUIRED | {"NO", "IS"} <= {p["country"] for p in profiles}
    assert all(p["sources"] for p in profiles)


def test_liechtenstein_calendar_has_its_bank_holidays():
    li = AuthorityCalendar.of("LI")
    for day in [(1, 2), (2, 17), (4, 3), (12, 24), (12, 31)]:  # 2026: Shrove Tuesday 17 Feb
        assert li.is_holiday(dt.date(2026, *day)), day
    assert li.is_working_day(dt.date(2026, 12, 23))
    assert li.add_working_days(dt.date(2026, 12, 23), 1) == dt.date(2026, 12, 28)


def test_overrides_close_and_open_days(db):
    load_profiles()
    fma = AuthorityProfile.objects.get(code="LI-FMA")
    AuthorityHoliday.objects.create(authority=fma, day=dt.date(2026, 12, 23), kind="closed")
    AuthorityHoliday.objects.create(authority=fma, day=dt.date(2026, 12, 31), kind="open")
    cal = fma.calendar()
    assert cal.is_holiday(dt.date(2026, 12, 23))
    assert not cal.is_holiday(dt.date(2026, 12, 31))


@pytest.mark.django_db
def test_liechtenstein_incident_moves_to_monday_noon_and_reports_in_chf(compliance_user):
    load_profiles()
    entity = make_entity("Alpine Crypto AG", "LI")
    entity.authority = AuthorityProfile.objects.get(code="LI-FMA")
    entity.time_zone = "Europe/Vaduz"
    entity.save()
    compliance_user.profile.entities.add(entity)
    timeline = {
        "occurred_at": dt.datetime(2026, 12, 23, 21, 0, tzinfo=VADUZ),
        "detected_at": dt.datetime(2026, 12, 23, 21, 30, tzinfo=VADUZ),
        "aware_at": dt.datetime(2026, 12, 23, 22, 0, tzinfo=VADUZ),
        "classified_at": dt.datetime(2026, 12, 23, 23, 0, tzinfo=VADUZ),
        "resolved_at": None,
    }
    incident = record(compliance_user, entity, timeline=timeline)
    initial = next(e for e in clock_for(incident) if e.stage == "initial_notification")
    assert initial.deadline.base == dt.datetime(2026, 12, 24, 3, 0, tzinfo=VADUZ)
    assert initial.deadline.weekend_relief
    assert initial.deadline.due == dt.datetime(2026, 12, 28, 12, 0, tzinfo=VADUZ)
    assert entity_data(incident).currency == "CHF"


@pytest.mark.django_db
def test_free_text_authorities_are_matched_to_profiles():
    load_profiles()
    profiles = list(AuthorityProfile.objects.all())
    assert match_profile("Central Bank of Ireland", "IE", profiles).code == "IE-CBI"
    assert match_profile("BaFin", "DE", profiles).code == "DE-BAFIN"
    assert match_profile("National competent authority", "MT", profiles).code == "MT-MFSA"
    assert match_profile("", "PL", profiles) is None
