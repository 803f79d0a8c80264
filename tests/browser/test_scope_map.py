"""A person signs in and reads the regulatory scope map in real Chromium."""

import pytest

from midora.core.choices import Role
from midora.core.models import ServiceOffering
from tests.factories import make_entity, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_and_scope_map(page, login):
    casp = make_entity("Gamma Custody SAS", "FR", mica_status="authorised")
    hidden = make_entity("Hidden Exchange GmbH", "DE")
    ServiceOffering.objects.create(entity=casp, service="custody", member_states=["FR", "BE"])
    make_user("officer", Role.COMPLIANCE_MANAGER, [casp])

    login("officer")
    page.get_by_role("navigation", name="Areas").get_by_role(
        "link", name="Scope", exact=True
    ).click()
    table = page.locator("#scope-map")
    table.wait_for()
    assert "Gamma Custody SAS" in table.inner_text()
    assert "Authorised CASP" in table.inner_text()
    assert "FR BE" in table.inner_text()
    assert "Hidden Exchange GmbH" not in page.content()
    assert hidden.name not in table.inner_text()
