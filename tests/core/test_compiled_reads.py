"""A compiled read answers what its queryset answers, for any values, with the SQL written once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from midora.core.compiled_reads import CompiledRead
from midora.core.models import LegalEntity
from tests.factories import make_entity

pytestmark = pytest.mark.django_db


def _named(name: str, *, country: str):
    rows = LegalEntity.objects.filter(name=name, country=country)
    return rows.order_by("pk").values_list("pk", "name", "created_at")


def test_each_call_answers_for_its_own_values_as_the_orm_does():
    alpha, beta = make_entity("Alpha", "FR"), make_entity("Beta", "FR")
    make_entity("Alpha", "DE")
    read = CompiledRead(_named)
    for entity in (alpha, beta, alpha):
        assert read(entity.name, country="FR") == list(_named(entity.name, country="FR"))
    assert read("Gamma", country="FR") == []
    # another shape is compiled on its own
    assert [pk for pk, *_ in read("Alpha", country="DE")] == list(
        LegalEntity.objects.filter(name="Alpha", country="DE").values_list("pk", flat=True)
    )
    # converted as the ORM converts: a time, not the database's text
    assert read("Beta", country="FR")[0][2] == beta.created_at


def test_the_sql_is_the_querysets_and_runs_alone():
    make_entity("Alpha", "FR")
    read = CompiledRead(_named)
    read("Alpha", country="FR")
    with CaptureQueriesContext(connection) as orm:
        list(_named("Beta", country="FR"))
    with CaptureQueriesContext(connection) as compiled:
        read("Beta", country="FR")
    assert [q["sql"] for q in compiled.captured_queries] == [q["sql"] for q in orm.captured_queries]


def test_a_value_that_cannot_be_told_apart_runs_through_the_orm():
    make_entity("FR", "FR")  # the name equals the country: where would the name go?
    read = CompiledRead(_named)
    assert read("FR", country="FR") == list(_named("FR", country="FR"))
    assert read._compiled == {}
    make_entity("Beta", "FR")
    assert read("Beta", country="FR") == list(_named("Beta", country="FR"))
    assert len(read._compiled) == 1


def test_only_rows_of_values_are_compiled():
    read = CompiledRead(lambda pk: LegalEntity.objects.filter(pk=pk))
    with pytest.raises(TypeError, match="values_list"):
        read(1)


def test_the_first_calls_values_are_not_kept():
    read = CompiledRead(_named)
    read("a-secret-name", country="FR")
    [(_alias, _sql, constants, _slots, _converters)] = read._compiled.values()
    assert "a-secret-name" not in constants and "FR" in constants
