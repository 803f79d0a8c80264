"""Every compliance page answers, shows what it should, and keeps to the user's scope."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from midora.compliance.assessment_service import create_assessment
from midora.compliance.evidence_records import add_version
from midora.compliance.evidence_store import store_bytes
from midora.compliance.models import Control, Evidence, EvidenceLink, Mapping, RequirementResult
from midora.core.choices import Role
from midora.core.models import BusinessFunction, ServiceOffering
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidenced(library, entity, other_entity):
    """Custody in scope for `entity`; one fresh evidence item each, linked to CTL-GOV-01."""
    ServiceOffering.objects.create(entity=entity, service="custody", member_states=["FR"])
    BusinessFunction.objects.create(
        entity=entity,
        identifier="F-CUST",
        name="Custody",
        criticality="critical",
        criticality_rationale="Client assets.",
    )
    control = Control.objects.get(code="CTL-GOV-01")
    today = dt.date.today()
    items = {}
    for owner, title in (
        (entity, "Alpha governance framework"),
        (other_entity, "Beta secret policy"),
    ):
        evidence = Evidence.objects.create(
            entity=owner, title=title, effective_from=today - dt.timedelta(days=10)
        )
        add_version(evidence, store_bytes(title.encode()), f"{title}.pdf")
        EvidenceLink.objects.create(evidence=evidence, control=control)
        items[owner.pk] = evidence
    return items


def test_pages_render_for_a_compliance_manager(evidenced, entity, compliance_user, client_for):
    client = client_for(compliance_user)
    assessment = create_assessment(
        title="MiCA readiness", regime="MICA", entities=[entity], started_on=dt.date.today()
    )
    result = assessment.results.first()
    control = Control.objects.get(code="CTL-GOV-01")
    evidence = evidenced[entity.pk]
    mapping = Mapping.objects.filter(control=control).first()
    for url in [
        "/compliance/",
        "/compliance/catalogues/",
        "/compliance/catalogues/DORA/",
        "/compliance/requirements/DORA-30.3.e.i/",
        "/compliance/scope/",
        f"/compliance/scope/{entity.pk}/?regime=MICA&service=custody",
        "/compliance/controls/",
        f"/compliance/controls/{control.pk}/",
        f"/compliance/controls/{control.pk}/edit/",
        "/compliance/controls/add/",
        "/compliance/mappings/",
        f"/compliance/mappings/{mapping.pk}/",
        "/compliance/mappings/add/",
        "/compliance/crosswalk/",
        "/compliance/crosswalk/?view=controls&regime=DORA",
        "/compliance/evidence/",
        f"/compliance/evidence/{evidence.pk}/",
        "/compliance/evidence/add/",
        "/compliance/assessments/",
        "/compliance/assessments/add/",
        f"/compliance/assessments/{assessment.pk}/",
        f"/compliance/results/{result.pk}/",
        f"/compliance/assessments/compare/?before={assessment.pk}&after={assessment.pk}",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url


def test_scope_pages_explain_why(evidenced, entity, compliance_user, client_for):
    client = client_for(compliance_user)
    page = client.get(
        f"/compliance/scope/{entity.pk}/?regime=MICA&service=custody"
    ).content.decode()
    assert "MICA-75" in page and "custody of crypto-assets is offered in FR" in page
    page = client.get(f"/compliance/scope/{entity.pk}/?regime=DORA&show=not").content.decode()
    assert "TLPT" in page


def test_control_detail_keeps_mica_and_dora_apart(library, compliance_user, client_for):
    control = Control.objects.get(code="CTL-GOV-01")
    page = client_for(compliance_user).get(f"/compliance/controls/{control.pk}/").content.decode()
    mica = page[page.index('id="mica-mappings"') : page.index('id="dora-mappings"')]
    dora = page[page.index('id="dora-mappings"') :]
    assert "MICA-62.2.f" in mica and "DORA-5.1" not in mica
    assert "DORA-5.1" in dora and "MICA-62.2.f" not in dora.split('id="control-evidence"')[0]


def test_evidence_of_another_entity_is_invisible(
    evidenced, entity, other_entity, compliance_user, client_for
):
    client = client_for(compliance_user)
    hidden = evidenced[other_entity.pk]
    assert client.get(f"/compliance/evidence/{hidden.pk}/").status_code == 404
    version = hidden.versions.get()
    assert client.get(f"/compliance/evidence/versions/{version.pk}/download/").status_code == 404
    listing = client.get("/compliance/evidence/").content.decode()
    assert "Alpha governance framework" in listing and "Beta secret policy" not in listing
    export = client.get("/compliance/evidence/?export=csv")
    body = b"".join(export.streaming_content).decode()
    assert "Alpha governance framework" in body and "Beta secret policy" not in body
    crosswalk = client.get("/compliance/crosswalk/?export=xlsx")
    assert crosswalk.status_code == 200
    assert client.get(f"/compliance/crosswalk/?entity={other_entity.pk}").status_code == 404


def test_crosswalk_counts_reuse_and_requirements_without_evidence(
    evidenced, entity, admin_user, client_for
):
    client = client_for(admin_user)
    response = client.get(f"/compliance/crosswalk/?entity={entity.pk}&export=xlsx")
    import io

    book = load_workbook(io.BytesIO(response.content), read_only=True)
    summary = {
        row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if len(row) > 1
    }
    assert summary["Evidence items supporting both MiCA and DORA"] == 1
    assert summary["Evidence items in view"] == 1
    dora = list(book["DORA requirements"].iter_rows(values_only=True))
    row = next(r for r in dora if r[0] == "DORA-5.1")
    assert row[5] == "Partly covered" and "CTL-GOV-01 (partial, current)" in row[6]
    covered = next(r for r in dora if r[0] == "DORA-5.2.c")
    assert covered[5] == "Covered with fresh evidence"
    controls = list(book["Controls"].iter_rows(values_only=True))
    gov = next(r for r in controls if r[0] == "CTL-GOV-01")
    assert "MICA-62.2.f" in gov[5] and "DORA-5.1" in gov[6] and "DORA" not in gov[5]


def test_download_is_an_attachment_with_safe_headers(library, entity, compliance_user, client_for):
    evidence = Evidence.objects.create(entity=entity, title="Page", effective_from=dt.date.today())
    version = add_version(
        evidence, store_bytes(b"<html><script>alert(1)</script></html>"), "../x.html", "text/html"
    )
    response = client_for(compliance_user).get(
        f"/compliance/evidence/versions/{version.pk}/download/"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="x.html"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"<html>")


def test_auditor_reads_but_cannot_change(evidenced, entity, client_for):
    auditor = make_user("aud", Role.AUDITOR, [entity])
    client = client_for(auditor)
    evidence = evidenced[entity.pk]
    assert client.get(f"/compliance/evidence/{evidence.pk}/").status_code == 200
    assert client.get("/compliance/evidence/add/").status_code == 403
    control = Control.objects.get(code="CTL-IAM-01")
    response = client.post(f"/compliance/evidence/{evidence.pk}/link/", {"control": control.pk})
    assert response.status_code == 403
    board = make_user("board", Role.BOARD_MEMBER, [entity])
    assert client_for(board).get("/compliance/crosswalk/").status_code == 403


def test_assessment_result_confirm_and_open_action(evidenced, entity, compliance_user, client_for):
    from midora.governance.models import Action

    client = client_for(compliance_user)
    response = client.post(
        "/compliance/assessments/add/",
        {
            "title": "DORA baseline",
            "regime": "DORA",
            "entities": [entity.pk],
            "started_on": "2026-01-10",
            "target_maturity": 3,
        },
    )
    assert response.status_code == 302
    result = RequirementResult.objects.get(requirement__ref="DORA-5.1")
    assert result.suggested_status == "partially_met"
    page = client.get(f"/compliance/results/{result.pk}/").content.decode()
    assert "Suggested: only partly covered by CTL-GOV-01" in page
    response = client.post(
        f"/compliance/results/{result.pk}/",
        {
            "version": result.version,
            "status": "not_met",
            "current_maturity": 1,
            "target_maturity": 3,
            "rationale": "Framework not approved yet.",
        },
    )
    assert response.status_code == 302
    response = client.post(f"/compliance/results/{result.pk}/action/")
    assert response.status_code == 302
    action = Action.objects.get(
        source_type="compliance.requirementresult", source_id=str(result.pk)
    )
    assert action.entity == entity and action.priority == "high" and action.owner == compliance_user
    assert "DORA-5.1" in action.title
    client.post(f"/compliance/results/{result.pk}/action/")
    assert Action.objects.count() == 1
