"""A drafter answers a dossier item and attaches evidence; the reviewer approves it in Chromium."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from midora.authorisation.models import DossierItem
from midora.compliance.catalogue_loader import load_catalogue_files
from midora.compliance.engine.catalogue_files import CATALOGUE_DIR
from midora.compliance.evidence_store import store_bytes
from midora.compliance.models import Evidence, EvidenceVersion
from midora.core.choices import OfferingStatus, Role
from midora.core.models import ServiceOffering
from tests.factories import make_entity, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_open_answer_attach_review_and_approve(page, login, settings, tmp_path):
    settings.MIDORA_EVIDENCE_DIR = str(tmp_path / "evidence")
    load_catalogue_files([CATALOGUE_DIR / "rts305.yaml"])
    casp = make_entity("Delta Brokerage Ltd", "IE", mica_status="applicant")
    ServiceOffering.objects.create(entity=casp, service="execution", status=OfferingStatus.PLANNED)
    drafter = make_user("drafter", Role.CONTRIBUTOR, [casp])
    make_user("reviewer", Role.COMPLIANCE_MANAGER, [casp])
    policy = Evidence.objects.create(
        entity=casp,
        title="Order execution policy",
        effective_from=dt.date.today(),
        review_interval_days=365,
        owner=drafter,
    )
    blob = store_bytes(b"execution policy v1")
    EvidenceVersion.objects.create(
        evidence=policy, number=1, sha256=blob.sha256, size=blob.size, original_name="policy.pdf"
    )

    login("reviewer")
    page.get_by_role("navigation", name="Areas").get_by_role("link", name="Authorisation").click()
    page.get_by_role("button", name="Open a dossier").click()
    page.locator("#overall").wait_for()
    assert page.locator("#overall").inner_text() == "0.0 %"
    page.get_by_role("link", name="Art. 15").click()
    page.locator("#items").get_by_role("link", name="MICA-RTS305-15.d").click()
    page.select_option("#id_owner", label="drafter")
    page.select_option("#id_reviewer", label="reviewer")
    page.get_by_role("button", name="Save answer").click()
    page.locator("#item-status").wait_for()

    page.context.clear_cookies()
    login("drafter")
    item = DossierItem.objects.get(requirement__ref="MICA-RTS305-15.d")
    page.goto(f"/authorisation/items/{item.pk}/")
    page.fill("#id_answer", "Total consideration is **decisive** for retail clients.")
    page.get_by_role("button", name="Save answer").click()
    page.locator(".answer strong", has_text="decisive").wait_for()
    assert page.locator("#item-status").inner_text() == "drafted"
    page.select_option("#id_evidence", label="Order execution policy")
    page.fill(
        "#id_statement", "Valid for MiCA item 15.d because it sets the best-execution factors."
    )
    page.get_by_role("button", name="Attach evidence").click()
    expect(page.locator("#attachments")).to_contain_text("Order execution policy")
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator("#item-status")).to_have_text("in review")
    assert page.get_by_role("button", name="Approve").count() == 0  # not the drafter's to approve

    page.context.clear_cookies()
    login("reviewer")
    page.goto(f"/authorisation/items/{item.pk}/")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("#item-status")).to_have_text("approved")
    page.get_by_role("link", name=item.dossier.__str__()).click()
    expect(page.locator("#overall")).not_to_have_text("0.0 %")
    item.refresh_from_db()
    assert item.approved_by.username == "reviewer"
