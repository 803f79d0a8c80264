"""A person starts a Register of Information validation in the background and watches its page:
the progress polls by itself (htmx, no inline script) until the result link appears."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from midora.core.choices import Role
from tests.factories import make_entity, make_user
from tests.jobs.helpers import drain
from tests.suppliers import builders

pytestmark = pytest.mark.django_db(transaction=True)


def test_validation_in_the_background_shows_progress_then_the_result(
    page, login, settings, tmp_path
) -> None:
    settings.HOME = tmp_path
    casp = builders.register_ready(make_entity("Gamma Custody SAS", "FR"))
    custody = builders.function(casp, "CUST")
    builders.arrangement("CA-100", casp, builders.provider("Nimbus Test Cloud"), [(custody, "S10")])
    make_user("officer", Role.COMPLIANCE_MANAGER, [casp])

    login("officer")
    page.goto(f"/third-parties/roi/?entity={casp.pk}&date=2025-12-31&level=IND")
    page.click("#roi-validate-job")
    status = page.locator("#job-status")
    status.wait_for()
    assert "Waiting for a worker" in status.inner_text()
    assert page.url.rstrip("/").split("/")[-2] == "jobs"

    assert drain() == 1  # what `midora worker` does
    link = page.get_by_role("link", name="Download the findings")
    link.wait_for(timeout=10000)  # the page polled and swapped in the finished state
    assert "Done" in status.inner_text() and "100 %" in status.inner_text()
    with page.expect_download() as download:
        link.click()
    findings = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert isinstance(findings, list)
