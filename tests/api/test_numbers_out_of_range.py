"""A list filter number no column can hold answers 422 on every database (not an empty 200)."""

from __future__ import annotations

import pytest

from midora.core.choices import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 106692854444975829549056])
def test_filter_number_beyond_64_bits_is_refused(entity, api_for, value):
    api = api_for(make_user("root", Role.ADMINISTRATOR))
    response = api.get(f"/api/suppliers/clause-reviews/?arrangement_id={value}&finding=")
    assert response.status_code == 422
    assert "out of range" in response.json()["detail"][0]["msg"]


def test_largest_64_bit_number_is_a_valid_filter(entity, api_for):
    api = api_for(make_user("root", Role.ADMINISTRATOR))
    response = api.get(f"/api/suppliers/clause-reviews/?arrangement_id={2**63 - 1}")
    assert response.status_code == 200 and response.json()["count"] == 0
