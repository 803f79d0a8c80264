"""A compliance manager uploads evidence, links it to a control and sees it in the crosswalk."""

import pytest

from midora.compliance.catalogue_loader import load_catalogue_files, load_shipped_library
from midora.compliance.models import Control, Evidence
from midora.core.choices import Role
from tests.factories import make_entity, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_upload_link_and_see_in_crosswalk(page, login, tmp_path):
    casp = make_entity("Gamma Custody SAS", "FR", mica_status="authorised")
    load_catalogue_files()
    load_shipped_library([casp])
    make_user("officer", Role.COMPLIANCE_MANAGER, [casp])
    policy = tmp_path / "governance-framework.pdf"
    policy.write_bytes(b"%PDF-1.4 ICT governance framework approved by the board")

    login("officer")
    page.get_by_role("navigation", name="Areas").get_by_role("link", name="Compliance").click()
    page.get_by_role("navigation", name="Compliance pages").get_by_role(
        "link", name="Evidence"
    ).click()
    page.get_by_role("link", name="Add evidence").click()
    page.select_option("#id_entity", label="Gamma Custody SAS")
    page.fill("#id_title", "ICT governance framework 2026")
    page.select_option("#id_category", "policy")
    page.fill("#id_location", "Evidence store")
    page.set_input_files("#id_file", str(policy))
    page.get_by_role("button", name="Save").click()

    page.locator("#versions").wait_for()
    assert "governance-framework.pdf" in page.locator("#versions").inner_text()
    assert "Not linked to any control yet" in page.locator("#links").inner_text()
    control = Control.objects.get(code="CTL-GOV-01")
    page.select_option("#link-control select[name=control]", str(control.pk))
    page.get_by_role("button", name="Link control").click()
    page.locator("#links").get_by_text("CTL-GOV-01").wait_for()

    evidence = Evidence.objects.get(title="ICT governance framework 2026")
    assert evidence.versions.count() == 1 and list(evidence.controls.all()) == [control]

    page.get_by_role("navigation", name="Compliance pages").get_by_role(
        "link", name="Crosswalk"
    ).click()
    reuse = page.locator("#reuse")
    reuse.wait_for()
    assert "Evidence items supporting both regimes\n1" in reuse.inner_text()
    dora_row = page.locator("#crosswalk-DORA tr", has_text="DORA-5.2.c")
    assert "Covered with fresh evidence" in dora_row.inner_text()
    assert "CTL-GOV-01" in dora_row.inner_text()
    mica_row = page.locator("#crosswalk-MICA tr", has_text="MICA-62.2.f")
    assert "Partly covered" in mica_row.inner_text()
