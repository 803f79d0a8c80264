"""Every core page answers for a compliance manager (a first guard before the detailed tests)."""

import pytest

from midora.core.models import BusinessFunction, ServiceOffering

pytestmark = pytest.mark.django_db


def test_core_pages_render(entity, compliance_user, client_for):
    ServiceOffering.objects.create(entity=entity, service="custody", member_states=["FR"])
    function = BusinessFunction.objects.create(entity=entity, identifier="F-1", name="Custody")
    client = client_for(compliance_user)
    for url in [
        "/",
        "/scope/",
        "/entities/",
        f"/entities/{entity.pk}/",
        f"/entities/{entity.pk}/history/",
        f"/entities/{entity.pk}/edit/",
        "/functions/",
        f"/functions/{function.pk}/",
        "/services/",
        "/audit/",
        "/account/tokens/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert b"Alpha CASP SAS" in client.get("/scope/").content
