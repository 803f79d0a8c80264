"""Status signals agree with each other: an incident with a resolved time is not shown open."""

import pytest
from django.utils import timezone

from midora.incidents.models import Incident

pytestmark = pytest.mark.django_db


def test_no_demo_incident_is_open_with_a_resolved_time(world):
    assert Incident.objects.filter(resolved_at__isnull=False).exists()
    assert not Incident.objects.filter(status="open", resolved_at__isnull=False).exists()


def test_giving_a_resolved_time_resolves_an_open_incident(world):
    incident = Incident.objects.filter(resolved_at__isnull=False).first()
    Incident.objects.filter(pk=incident.pk).update(status="open", resolved_at=None)
    incident.refresh_from_db()
    incident.resolved_at = timezone.now()
    incident.save()
    incident.refresh_from_db()
    assert incident.status == "resolved"
