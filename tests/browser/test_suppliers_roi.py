"""A compliance manager reads the Register of Information page and downloads the package."""

from __future__ import annotations

import zipfile

import pytest
from playwright.sync_api import expect

from midora.core.choices import Role
from midora.core.models import BusinessFunction
from midora.suppliers.roi.package import parse_package_name
from tests.factories import make_entity, make_user
from tests.suppliers import builders

pytestmark = pytest.mark.django_db(transaction=True)


def test_roi_page_shows_templates_rows_findings_and_downloads_the_package(page, login, tmp_path):
    casp = builders.register_ready(make_entity("Gamma Custody SAS", "FR"))
    custody = builders.function(casp, "CUST")
    support = builders.function(casp, "CLSV", critical=False)
    cloud = builders.provider("Nimbus Test Cloud")
    builders.arrangement("CA-100", casp, cloud, [(custody, "S10"), (support, "S10")])
    builders.arrangement("CA-101", casp, builders.provider("Helpdesk Test"), [(support, "S03")])
    BusinessFunction.objects.filter(pk=support.pk).update(last_assessed=None)  # a finding
    make_user("officer", Role.COMPLIANCE_MANAGER, [casp])

    login("officer")
    page.get_by_role("navigation", name="Areas").get_by_role("link", name="Third parties").click()
    page.get_by_role("link", name="Register of Information", exact=True).first.click()
    page.fill("input[name=date]", "2025-12-31")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.locator("#roi-missing")).to_contain_text("Not validated yet")
    page.get_by_role("button", name="Validate", exact=True).click()
    expect(page.locator("#roi-stored")).to_contain_text("Up to date")

    templates = page.locator("#roi-templates")
    templates.wait_for()
    row = templates.locator("tr", has_text="B_02.01")
    assert "b_02.01.csv" in row.inner_text() and row.locator("td").nth(3).inner_text() == "2"
    assert templates.locator("tr", has_text="B_02.02").locator("td").nth(3).inner_text() == "3"
    findings = page.locator("#roi-findings")
    assert "e23682_e" in findings.inner_text() and "B_06.01" in findings.inner_text()
    stale = findings.locator("tr", has_text="e23682_e")  # the function's missing assessment date
    assert stale.get_by_role("link").get_attribute("href") == f"/functions/{support.pk}/"

    # a blocking EBA rule refuses the filing; the user fixes the record and downloads it
    page.locator("#download-package").click()
    refusal = page.get_by_role("alert")
    assert "Export refused" in refusal.inner_text()
    BusinessFunction.objects.filter(pk=support.pk).update(last_assessed=custody.last_assessed)
    with page.expect_download() as info:
        page.locator("#download-package").click()
    download = info.value
    name = download.suggested_filename
    assert parse_package_name(name).lei == casp.lei
    target = tmp_path / name
    download.save_as(target)
    with zipfile.ZipFile(target) as archive:
        files = {n.split("/", 1)[1] for n in archive.namelist()}
    assert {"reports/b_02.01.csv", "reports/b_05.01.csv", "META-INF/reportPackage.json"} <= files
