"""Residual warnings, review and acceptance flags, critical-function support, heatmap cells."""

import datetime as dt

import pytest
from django.utils import timezone

from midora.ictrisk.models import Risk
from tests.ictrisk.builders import make_acceptance, make_asset, make_function, make_risk

pytestmark = pytest.mark.django_db


def test_residual_above_inherent_is_never_shown_without_a_warning(
    entity, compliance_user, client_for, api_for
):
    risk = make_risk(entity, inherent=(2, 2), residual=(3, 3))
    assert risk.residual_above_inherent
    assert "residual above inherent" in risk.flags()
    page = client_for(compliance_user).get(f"/ict-risk/risks/{risk.pk}/").content.decode()
    assert 'id="risk-warnings"' in page
    assert "residual score 9 (Medium) is above the inherent score 4 (Low)" in page
    listing = client_for(compliance_user).get("/ict-risk/risks/").content.decode()
    assert "residual above inherent" in listing
    data = api_for(compliance_user).get(f"/api/ictrisk/risks/{risk.pk}").json()
    assert data["residual"]["score"] > data["inherent"]["score"]
    assert "residual_above_inherent" in [w["code"] for w in data["warnings"]]


def test_residual_below_inherent_has_no_such_warning(entity, compliance_user, client_for):
    risk = make_risk(entity, inherent=(4, 4), residual=(2, 2))
    assert not risk.residual_above_inherent
    page = client_for(compliance_user).get(f"/ict-risk/risks/{risk.pk}/").content.decode()
    assert "above the inherent" not in page


def test_saving_a_residual_above_inherent_warns_in_the_form(entity, compliance_user, client_for):
    client = client_for(compliance_user)
    response = client.post(
        "/ict-risk/risks/add/",
        {
            "entity": entity.pk,
            "reference": "R-9",
            "title": "Exchange outage",
            "threat": "DDoS",
            "inherent_likelihood": 1,
            "inherent_impact": 2,
            "residual_likelihood": 2,
            "residual_impact": 2,
            "treatment": "mitigate",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert Risk.objects.filter(reference="R-9").exists()
    assert "is above the inherent score" in response.content.decode()


def test_overdue_review_is_flagged_and_filtered(entity, compliance_user, client_for):
    today = timezone.localdate()
    late = make_risk(entity, next_review=today - dt.timedelta(days=1), title="Late review")
    make_risk(entity, next_review=today + dt.timedelta(days=30), title="Fine review")
    assert late.review_overdue and "review overdue" in late.flags()
    page = client_for(compliance_user).get("/ict-risk/risks/?review_overdue=true").content.decode()
    assert "Late review" in page and "Fine review" not in page


def test_acceptance_expiry_puts_the_risk_back_into_treatment(entity, compliance_user, client_for):
    today = timezone.localdate()
    risk = make_risk(entity, residual=(4, 4), treatment="mitigate")
    acceptance = make_acceptance(risk, until=today + dt.timedelta(days=10))
    risk = Risk.objects.get(pk=risk.pk)
    assert risk.treatment == "accept"  # accepting sets the treatment
    assert acceptance.state().value == "expiring_soon"
    assert risk.effective().treatment.value == "accept"
    assert "acceptance expiring" in risk.flags()
    later = today + dt.timedelta(days=11)
    assert acceptance.state(later).value == "expired"
    assert risk.effective(later).treatment.value == "mitigate"
    assert risk.effective(later).back_in_treatment
    acceptance.valid_from = today - dt.timedelta(days=400)
    acceptance.valid_until = today - dt.timedelta(days=1)
    acceptance.save()
    risk = Risk.objects.get(pk=risk.pk)
    assert "acceptance expired" in risk.flags()
    client = client_for(compliance_user)
    page = client.get(f"/ict-risk/risks/{risk.pk}/").content.decode()
    assert "Acceptance expired: back in treatment" in page
    assert "Mitigate (acceptance expired)" in client.get("/ict-risk/risks/").content.decode()
    assert risk.reference in client.get("/ict-risk/").content.decode()


def test_asset_supports_critical_functions_through_its_dependants(entity):
    critical = make_function(entity, critical=True)
    minor = make_function(entity, critical=False)
    app = make_asset(entity, "Custody platform")
    app.functions.add(critical)
    database = make_asset(entity, "Ledger database", asset_type="data_store")
    hsm = make_asset(entity, "Signing HSM", asset_type="hsm")
    intranet = make_asset(entity, "Intranet")
    intranet.functions.add(minor)
    app.depends_on.add(database)
    database.depends_on.add(hsm)
    from midora.ictrisk.models import ICTAsset

    flags = {a.name: a.critical_path for a in ICTAsset.objects.all()}
    assert flags["Custody platform"] == ("Custody platform",)
    assert flags["Signing HSM"] == ("Custody platform", "Ledger database", "Signing HSM")
    assert flags["Intranet"] is None
    critical.criticality = "not_critical"
    critical.criticality_rationale = ""
    critical.save()
    assert not ICTAsset.objects.get(name="Signing HSM").supports_critical_functions


def test_heatmap_cells_open_the_risks_behind_them(entity, compliance_user, client_for):
    make_risk(entity, inherent=(5, 4), residual=(2, 3), title="Key theft")
    make_risk(entity, inherent=(5, 4), residual=(1, 1), title="Node outage")
    make_risk(entity, inherent=(1, 1), residual=(1, 1), title="Printer jam")
    client = client_for(compliance_user)
    page = client.get("/ict-risk/heatmap/?which=inherent").content.decode()
    assert "/ict-risk/risks/?inherent_likelihood=5&amp;inherent_impact=4" in page
    cell = client.get("/ict-risk/risks/?inherent_likelihood=5&inherent_impact=4").content.decode()
    assert "Key theft" in cell and "Node outage" in cell and "Printer jam" not in cell
