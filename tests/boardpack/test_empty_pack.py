"""A board pack on an empty database says so per section (kept apart from the module that
builds the demo once for all its tests)."""

import datetime as dt

import pytest

from midora.boardpack.generate import build_pack

pytestmark = pytest.mark.django_db


def test_section_without_data_says_so(db, user_factory):
    admin = user_factory("root", "administrator")
    pack = build_pack(admin, dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    scope = next(s for s in pack.sections if s.key == "scope")
    assert scope.empty == "No legal entity is recorded in the scope of this pack."
