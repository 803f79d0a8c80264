"""A compliance manager builds an evidence pack in the browser, downloads it, and it verifies."""

import pytest

from midora.core.choices import Role
from midora.evidencepacks.engine.verify import verify_pack
from midora.evidencepacks.keys import public_key
from midora.evidencepacks.models import IssuedPack
from tests.evidencepacks.world import make_world
from tests.factories import make_entity, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_build_download_and_verify_a_pack(page, login, tmp_path, settings):
    settings.HOME = tmp_path
    world = make_world(make_entity("Alpha CASP SAS", "FR"), make_entity("Beta CASP GmbH", "DE"))
    make_user("officer", Role.COMPLIANCE_MANAGER, [world.entity])

    login("officer")
    page.get_by_role("navigation", name="Areas").get_by_role("link", name="Evidence packs").click()
    assert page.locator("#key-fingerprint").inner_text() == public_key().fingerprint
    page.get_by_role("link", name="Build a pack").click()
    page.select_option("#id_regime", "DORA")
    page.select_option("#id_entity", world.entity.lei)
    page.fill("#id_recipient", "AMF supervision")
    page.fill("#id_purpose", "DORA review")
    page.get_by_role("button", name="Build and sign").click()

    root = page.locator("#merkle-root")
    root.wait_for()
    pack = IssuedPack.objects.get()
    assert root.inner_text() == pack.merkle_root
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the pack (.zip)").click()
    path = tmp_path / "downloaded.zip"
    download.value.save_as(path)
    report = verify_pack(path)
    assert report.ok and report.root == pack.merkle_root

    page.get_by_role("link", name="Issued packs").click()
    assert pack.merkle_root[:16] in page.locator("#packs").inner_text()
    assert "AMF supervision" in page.locator("#packs").inner_text()
