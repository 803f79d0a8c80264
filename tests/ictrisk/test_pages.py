"""Every page of the ICT risk, resilience and governance areas answers for a compliance manager."""

import datetime as dt

import pytest
from django.utils import timezone

from midora.governance.models import Action, Decision
from midora.resilience.models import Finding, ResilienceTest, TestingProgramme
from tests.ictrisk.builders import make_acceptance, make_asset, make_function, make_risk

pytestmark = pytest.mark.django_db


def test_area_pages_render(entity, compliance_user, client_for):
    today = timezone.localdate()
    function = make_function(entity)
    asset = make_asset(entity, "Custody hot wallet", asset_type="hot_wallet")
    asset.functions.add(function)
    risk = make_risk(entity)
    acceptance = make_acceptance(risk, today + dt.timedelta(days=10))
    programme = TestingProgramme.objects.create(entity=entity, year=today.year, title="Programme")
    test = ResilienceTest.objects.create(
        entity=entity,
        programme=programme,
        title="Wallet pen test",
        test_type="penetration_test",
        status="done",
        planned_date=today,
        performed_date=today,
        outcome="findings",
    )
    finding = Finding.objects.create(test=test, title="Weak TLS", severity="high")
    decision = Decision.objects.create(
        entity=entity, reference="MB-1", date=today, subject="Risk", decision="Accepted."
    )
    action = Action.objects.get(source_type="resilience.finding")
    client = client_for(compliance_user)
    urls = [
        "/ict-risk/",
        "/ict-risk/heatmap/",
        "/ict-risk/heatmap/?which=inherent",
        "/ict-risk/assets/",
        f"/ict-risk/assets/{asset.pk}/",
        "/ict-risk/assets/add/",
        f"/ict-risk/assets/{asset.pk}/edit/",
        "/ict-risk/risks/",
        f"/ict-risk/risks/{risk.pk}/",
        f"/ict-risk/risks/{risk.pk}/history/",
        f"/ict-risk/risks/{risk.pk}/edit/",
        "/ict-risk/risks/add/",
        "/ict-risk/risks/?export=xlsx",
        "/ict-risk/risks/?export=csv",
        "/ict-risk/risks/export.xlsx",
        "/ict-risk/risks/import/",
        "/ict-risk/acceptances/",
        f"/ict-risk/acceptances/{acceptance.pk}/",
        f"/ict-risk/acceptances/add/?risk={risk.pk}",
        "/resilience/",
        "/resilience/coverage/",
        "/resilience/coverage/?bcp=1",
        "/resilience/programmes/",
        f"/resilience/programmes/{programme.pk}/",
        "/resilience/tests/",
        f"/resilience/tests/{test.pk}/",
        "/resilience/tests/add/",
        "/resilience/findings/",
        f"/resilience/findings/{finding.pk}/",
        "/governance/",
        "/governance/burndown/",
        "/board/remediation/",
        "/governance/actions/",
        f"/governance/actions/{action.pk}/",
        "/governance/actions/add/",
        "/governance/decisions/",
        f"/governance/decisions/{decision.pk}/",
        "/governance/decisions/add/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:3000])
