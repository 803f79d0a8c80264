"""The demo loads a realistic incident mix that scales with --scale."""

from __future__ import annotations

import pytest

from midora.core.demo_loader import load_demo
from midora.incidents.engine.report_content import validate_report
from midora.incidents.models import CyberThreat, Incident, IncidentReport
from midora.incidents.services.recurring import recurring_groups

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_demo_incident_mix():
    load_demo(scale=1, seed=7, password="a-long-test-password")
    ddos = Incident.objects.get(title__startswith="DDoS")
    assert ddos.is_major and ddos.source == "api"
    sent = IncidentReport.objects.get(incident=ddos, stage="initial_notification")
    assert sent.sent_at is not None and validate_report(sent.content) == []
    assert Incident.objects.get(title__startswith="Custody key ceremony").is_major
    assert not Incident.objects.filter(title__startswith="KYC provider", is_major=True).exists()
    groups = recurring_groups(Incident.objects.all())
    kyc = next(g for g in groups if g.cause == "KYC provider API rate limiting")
    assert kyc.result.major and len(kyc.incidents) == 3
    assert CyberThreat.objects.filter(significant=True, notified_at__isnull=False).count() == 1
    assert ddos.mica_decisions.filter(point="trading_platform_halt", decision="yes").exists()
    assert Incident.objects.count() == 2 + 3 + 8


def test_demo_minor_incidents_scale():
    load_demo(scale=2, seed=7, password="a-long-test-password")  # the smallest that scales
    assert Incident.objects.count() == 2 + 3 + 8 * 2
