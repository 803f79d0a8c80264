"""The clean-up after a committing test (tests/database_flush.py) leaves the database as empty as
Django's own flush, from rows linked by foreign keys and many-to-many tables included."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from midora.core.choices import Role
from midora.core.models import BusinessFunction
from tests.database_flush import MOST_ROWS_DELETED, row_counts
from tests.factories import make_entity, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def test_flush_deletes_the_rows_of_the_filled_tables_only() -> None:
    entity = make_entity("Alpha CASP SAS", "FR")
    make_user("compliance", Role.COMPLIANCE_MANAGER, [entity])
    filled = list(row_counts(connection.ops, _tables()))
    assert {"core_legalentity", "auth_user"} <= set(filled)
    assert "incidents_incident" not in filled

    statements = connection.ops.sql_flush(no_style(), _tables())

    assert statements == [f"DELETE FROM {connection.ops.quote_name(t)};" for t in filled]


def test_the_flushed_database_is_empty() -> None:
    make_user("compliance", Role.COMPLIANCE_MANAGER, [make_entity("Alpha CASP SAS", "FR")])

    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)

    assert row_counts(connection.ops, _tables()) == {}


def test_many_rows_a_sequence_reset_or_a_cascade_are_left_to_django() -> None:
    entity = make_entity("Alpha CASP SAS", "FR")
    BusinessFunction.objects.bulk_create(
        BusinessFunction(entity=entity, identifier=f"F-{n}", name=f"Function {n}")
        for n in range(MOST_ROWS_DELETED + 1)
    )
    many = " ".join(connection.ops.sql_flush(no_style(), _tables()))
    reset = " ".join(connection.ops.sql_flush(no_style(), _tables(), reset_sequences=True))
    cascade = " ".join(
        connection.ops.sql_flush(no_style(), ["core_legalentity"], allow_cascade=True)
    )

    if connection.vendor == "postgresql":
        assert many.startswith("TRUNCATE")
        assert reset.startswith("TRUNCATE") and "RESTART IDENTITY" in reset
        assert cascade.endswith("CASCADE;")
    else:
        assert many.count("DELETE FROM") == len(_tables())  # Django's own: every table
        assert "sqlite_sequence" in reset
        assert '"core_businessfunction"' in cascade  # it refers to the entity
