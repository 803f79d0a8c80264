"""The generic suite runs on the demo group (scale 1), loaded once for the package inside a
transaction that is rolled back at the end; each test runs in a savepoint of its own.

The demo's only dossier belongs to an applicant; the granted CASP gets its authorised file (the
baseline MiCA Art. 59 keeps true) with a request and a person, so every register has a record of
the granted entity and one of another entity. Its authority gets a holiday override."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction

from midora.core.choices import Role
from midora.core.models import LegalEntity

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass
class DemoWorld:
    """The demo group plus one user per role, every scoped role granted only `granted`."""

    granted: LegalEntity
    users: dict[str, Any]


ROLES = {
    "administrator": Role.ADMINISTRATOR,
    "compliance_manager": Role.COMPLIANCE_MANAGER,
    "contributor": Role.CONTRIBUTOR,
    "auditor": Role.AUDITOR,
    "board_member": Role.BOARD_MEMBER,
}


@pytest.fixture(scope="package")
def demo_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[DemoWorld]:
    from django.conf import settings

    from tests.demo_snapshot import load_demo_once
    from tests.factories import make_user

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo_once(seed=2026, password="a-long-test-password")
            # the first operating CASP (the holding runs no functions of its own)
            granted = LegalEntity.objects.filter(functions__isnull=False).order_by("pk")[0]
            users = {
                name: make_user(f"generic-{name}", role, [granted]) for name, role in ROLES.items()
            }
            authorised_file(granted, users["compliance_manager"])
            assert settings.DATABASES
            yield DemoWorld(granted=granted, users=users)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def authorised_file(entity: LegalEntity, owner: Any) -> None:
    """The entity's dossier, kept as its baseline, one request of its authority and one person;
    a holiday override of its authority."""
    from midora.authorisation.choices import DossierStatus, FitAndProper, PersonRole, RequestStage
    from midora.authorisation.models import InformationRequest, Person
    from midora.authorisation.services import open_dossier
    from midora.core.models import AuthorityHoliday, AuthorityProfile

    dossier, _report = open_dossier(entity, "CASP authorisation (baseline)")
    dossier.status, dossier.decided_on = DossierStatus.AUTHORISED, dt.date(2025, 6, 2)
    dossier.received_on, dossier.complete_on = dt.date(2025, 1, 6), dt.date(2025, 3, 3)
    dossier.save()
    request = InformationRequest(
        dossier=dossier,
        reference="GEN/2025/1",
        stage=RequestStage.COMPLETENESS,
        sent_on=dt.date(2025, 1, 20),
        due_on=dt.date(2025, 2, 3),
        question="Provide the own funds calculation.",
        answered_on=dt.date(2025, 1, 31),
        response="Uploaded.",
        owner=owner,
    )
    request.save()
    request.items.set(dossier.items.order_by("pk")[:2])
    Person(
        entity=entity,
        full_name="Generic Director",
        role=PersonRole.MANAGEMENT_BODY,
        position="Chief executive",
        appointed_on=dt.date(2024, 1, 2),
        fit_and_proper=FitAndProper.FIT,
        assessed_on=dt.date(2024, 12, 2),
        owner=owner,
    ).save()
    authority = entity.authority or AuthorityProfile.objects.order_by("pk").first()
    assert authority is not None
    AuthorityHoliday(authority=authority, day=dt.date(2031, 12, 24), name="Closing day").save()


@pytest.fixture
def world(demo_world: DemoWorld, db: Any) -> DemoWorld:
    """The demo world inside this test's savepoint (changes vanish after the test)."""
    for user in demo_world.users.values():
        user.__dict__.pop("_granted_entity_ids", None)
    return demo_world
