"""A restore writes each table in multi-row inserts and reads the users that records name once:
its number of queries does not grow with the records; a record naming a user the archive does
not hold is refused by name, with nothing changed."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from midora.core.backup import BackupError, create_backup, restore_backup
from midora.core.backup import _replace_database as replace_database
from midora.core.choices import Role
from midora.core.models import BusinessFunction, LegalEntity
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _owned_functions(entity: LegalEntity, count: int, start: int = 0) -> None:
    owners = [make_user(f"owner{n}", Role.COMPLIANCE_MANAGER, [entity]) for n in range(2)]
    for n in range(start, start + count):
        BusinessFunction.objects.create(
            entity=entity, identifier=f"F-{n}", name=f"Function {n}", owner=owners[n % 2]
        )


def _restore_queries(tmp_path, name: str) -> int:
    archive = tmp_path / name
    create_backup(archive)
    restore_backup(archive)  # the first restore in a process also fills Django's caches
    with CaptureQueriesContext(connection) as queries:
        restore_backup(archive)
    return len(queries)


def test_restore_queries_do_not_grow_with_the_records(entity, tmp_path):
    _owned_functions(entity, 3)
    few = _restore_queries(tmp_path, "few.zip")
    owner = BusinessFunction.objects.first().owner
    BusinessFunction.objects.bulk_create(
        BusinessFunction(entity=entity, identifier=f"G-{n}", name=f"More {n}", owner=owner)
        for n in range(40)
    )
    many = _restore_queries(tmp_path, "many.zip")

    assert many == few
    assert BusinessFunction.objects.count() == 43
    assert set(BusinessFunction.objects.values_list("owner__username", flat=True)) == {
        "owner0",
        "owner1",
    }


def test_a_record_naming_a_user_the_archive_lacks_is_refused(entity, tmp_path):
    _owned_functions(entity, 1)
    archive = tmp_path / "one.zip"
    create_backup(archive)
    with zipfile.ZipFile(archive) as opened:
        nodes = json.loads(opened.read("database.json"))
    [function] = [node for node in nodes if node["model"] == "core.businessfunction"]
    function["fields"]["owner"] = ["ghost"]

    with pytest.raises(
        BackupError, match=rf"core.BusinessFunction {function['pk']} names in owner a record"
    ):
        replace_database(io.StringIO(json.dumps(nodes)))

    assert BusinessFunction.objects.get().owner.username == "owner0"  # nothing was changed
