"""Reporting clock: authority holiday overrides, due / due soon / overdue, threats notification."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from midora.incidents.engine.clock import AuthorityHolidays, clock_state
from midora.incidents.engine.deadlines import (
    ExplicitHolidays,
    MemberStateHolidays,
    report_deadlines,
)
from midora.incidents.engine.facts import EntityProfile, Timeline
from midora.incidents.models import CyberThreat, HolidayOverride
from midora.incidents.services.dashboard import dashboard_rows
from midora.incidents.services.reporting import clock_for, send_threat_notification

from .app_fixtures import PARIS, record, timeline

PARIS_TZ = ZoneInfo("Europe/Paris")
CASP = EntityProfile("crypto_asset_service_provider", "FR", "Europe/Paris")


def test_authority_override_adds_and_removes_days():
    base = ExplicitHolidays([dt.date(2025, 5, 1)])
    cal = AuthorityHolidays(base, added=[dt.date(2025, 5, 2)], removed=[dt.date(2025, 5, 1)])
    assert cal.is_holiday(dt.date(2025, 5, 2))
    assert not cal.is_holiday(dt.date(2025, 5, 1))


def test_added_authority_day_moves_a_deadline():
    # initial base Friday 2 May 2025 15:30 -> on an authority closure day moves to Monday noon
    tl = Timeline(
        aware_at=dt.datetime(2025, 5, 2, 9, 0, tzinfo=PARIS_TZ),
        classified_at=dt.datetime(2025, 5, 2, 11, 30, tzinfo=PARIS_TZ),
    )
    plain = report_deadlines(CASP, tl, MemberStateHolidays("FR"))["initial"]
    assert not plain.weekend_relief
    closed = AuthorityHolidays(MemberStateHolidays("FR"), added=[dt.date(2025, 5, 2)])
    moved = report_deadlines(CASP, tl, closed)["initial"]
    assert moved.weekend_relief
    assert moved.due == dt.datetime(2025, 5, 5, 12, 0, tzinfo=PARIS_TZ)


@pytest.mark.parametrize(
    ("now_offset", "sent_offset", "state"),
    [
        (dt.timedelta(hours=-30), None, "due"),
        (dt.timedelta(hours=-3), None, "due_soon"),
        (dt.timedelta(minutes=1), None, "overdue"),
        (dt.timedelta(hours=5), dt.timedelta(hours=-1), "sent"),
        (dt.timedelta(hours=5), dt.timedelta(hours=2), "sent_late"),
    ],
)
def test_clock_state(now_offset, sent_offset, state):
    due = dt.datetime(2025, 3, 11, 15, 30, tzinfo=PARIS_TZ)
    sent = due + sent_offset if sent_offset is not None else None
    assert clock_state(due, sent, due + now_offset) == state


@pytest.mark.django_db
def test_holiday_override_of_the_entitys_authority_applies(compliance_user, entity):
    from midora.core.authority_profiles import load_profiles
    from midora.core.models import AuthorityProfile

    load_profiles()
    entity.authority = AuthorityProfile.objects.get(code="FR-AMF")
    entity.time_zone = "Europe/Paris"
    entity.save()
    friday = {
        **timeline(),
        "occurred_at": dt.datetime(2025, 5, 2, 8, 0, tzinfo=PARIS),
        "detected_at": None,
        "aware_at": dt.datetime(2025, 5, 2, 9, 0, tzinfo=PARIS),
        "classified_at": dt.datetime(2025, 5, 2, 11, 30, tzinfo=PARIS),
        "resolved_at": dt.datetime(2025, 5, 2, 11, 0, tzinfo=PARIS),
    }
    incident = record(compliance_user, entity, timeline=friday)
    (entry,) = clock_for(incident)
    assert not entry.deadline.weekend_relief
    HolidayOverride.objects.create(
        competent_authority="AMF", country="FR", day=dt.date(2025, 5, 2), kind="add"
    )
    HolidayOverride.objects.create(
        competent_authority="BaFin", country="FR", day=dt.date(2025, 5, 5), kind="add"
    )
    (entry,) = clock_for(incident)
    assert entry.deadline.due == dt.datetime(2025, 5, 5, 12, 0, tzinfo=PARIS_TZ)


@pytest.mark.django_db
def test_dashboard_orders_overdue_first_and_scopes(compliance_user, entity, other_entity):
    from midora.core.choices import Role
    from tests.factories import make_user

    old = record(compliance_user, entity, title="Old major")
    later = {k: v + dt.timedelta(days=30) for k, v in timeline().items()}
    new = record(compliance_user, entity, title="New major", timeline=later)
    outsider = make_user("outsider", Role.COMPLIANCE_MANAGER, [other_entity])
    record(outsider, other_entity, title="Foreign major")
    now = later["classified_at"] + dt.timedelta(hours=1)
    rows = dashboard_rows(compliance_user, now)
    assert [(r.incident.title, r.entry.state) for r in rows] == [
        ("Old major", "overdue"),
        ("New major", "due_soon"),
    ]
    assert rows[0].incident.pk == old.pk and rows[1].incident.pk == new.pk


@pytest.mark.django_db
def test_significant_threat_notification_is_frozen(compliance_user, entity, client_for):
    client = client_for(compliance_user)
    response = client.post(
        "/incidents/threats/add/",
        {
            "entity": entity.pk,
            "title": "SIM-swap campaign",
            "description": "Cloned login page found",
            "detected_at": "2025-09-15T09:00",
            "status": "active",
            "could_affect": ["critical_or_important_functions", "clients"],
            "exploitable_weakness": "SMS 2FA",
            "high_probability_of_materialisation": "on",
            "could_meet": ["art_6_criticality", "t9_1"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    threat = CyberThreat.objects.get()
    assert threat.significant
    assert client.get(threat.get_absolute_url()).status_code == 200
    with pytest.raises(ValidationError, match="contact person"):
        send_threat_notification(threat)
    threat.contact_name, threat.contact_email = "SOC lead", "soc@alpha.example"
    threat.save()
    client.post(f"/incidents/threats/{threat.pk}/notify/")
    threat.refresh_from_db()
    assert threat.notified_at and len(threat.notification_sha256) == 64
    assert threat.notification["primaryContact"] == {
        "name": "SOC lead",
        "email": "soc@alpha.example",
    }
    with pytest.raises(Exception, match="already sent"):
        send_threat_notification(threat)
