"""Single sign-on against a real OpenID Connect provider on loopback (panva/oidc-provider run by
tests/oidc/provider.mjs): Chromium signs in at the provider and lands in midora with the role and
entities its groups map to; a user in no mapped group is refused and told why."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from midora.core.choices import Role
from midora.core.models import AuditEvent
from tests.factories import make_entity
from tests.oidc.provider import configure, running_provider

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def provider(live_server, settings, tmp_path):
    france = make_entity("Alpha CASP SAS", "FR")
    make_entity("Beta CASP GmbH", "DE")
    group_map = tmp_path / "oidc_groups.yaml"
    group_map.write_text(
        "midora-compliance-fr:\n"
        "  role: compliance_manager\n"
        f"  entities: [{france.lei}]\n"
        "midora-administrators:\n"
        "  role: administrator\n",
        encoding="utf-8",
    )
    with running_provider(f"{live_server.url}/oidc/callback/") as issuer:
        configure(settings, issuer, group_map)
        yield france


def _sign_in_at_the_provider(page, login: str) -> None:
    page.goto("/login/")
    page.click("#sso-sign-in")
    page.wait_for_selector("input[name=login]")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", "provider-password")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Continue")  # the provider's consent page
    page.click("text=Continue")


def test_a_single_sign_on_maps_groups_to_role_and_entities(page, provider, live_server):
    _sign_in_at_the_provider(page, "ana")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator(".user span").first.inner_text() == "ana"
    user = get_user_model().objects.get(username="ana")
    assert user.email == "ana@casp.example" and not user.has_usable_password()
    assert user.profile.role == Role.COMPLIANCE_MANAGER
    assert [e.lei for e in user.profile.entities.all()] == [provider.lei]
    # the granted entity's records are visible, the other one's are not
    page.goto("/entities/")
    assert "Alpha CASP SAS" in page.content() and "Beta CASP GmbH" not in page.content()
    event = AuditEvent.objects.filter(record_type="core.userprofile").latest("sequence")
    assert event.source == "sso" and event.changes["role"] == [None, "compliance_manager"]


def test_a_user_in_no_mapped_group_is_refused(page, provider):
    _sign_in_at_the_provider(page, "otto")
    page.wait_for_url("**/login/?sso=failed")
    assert "none of the groups" in page.locator("#sso-error").inner_text()
    assert not get_user_model().objects.filter(username="otto").exists()
