"""Links changed from the other side of a many-to-many field enter the trail of the record that
owns the field, so `audit verify` explains them and history shows them."""

from __future__ import annotations

import pytest

from midora.cli import main as midora
from midora.core import audit
from midora.core.models import AuditEvent
from tests.factories import make_entity
from tests.suppliers import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def arrangements(entity):
    cloud = builders.provider("Nimbus Reverse Cloud")
    first = builders.arrangement("CA-R1", entity, cloud, [])
    second = builders.arrangement("CA-R2", entity, cloud, [])
    return first, second


def test_links_added_removed_and_cleared_from_the_other_side_are_audited(
    entity, arrangements, capsys
):
    first, second = arrangements
    other = make_entity("Reverse Side CASP", "DE")
    other.used_arrangements.add(first, second)
    other.used_arrangements.remove(second)
    second.intra_group_links.add(first)  # first.linked_arrangements gains second
    assert sorted(first.linked_arrangements.values_list("pk", flat=True)) == [second.pk]
    assert midora(["audit", "verify"]) == 0, capsys.readouterr().err
    changes = [e.changes for e in audit.history(first).order_by("sequence")]
    assert {"using_entities": [[], [other.pk]]} in changes
    assert {"linked_arrangements": [[], [second.pk]]} in changes
    other.used_arrangements.clear()
    assert [e.changes for e in audit.history(first).order_by("sequence")][-1] == {
        "using_entities": [[other.pk], []]
    }
    assert midora(["audit", "verify"]) == 0, capsys.readouterr().err


def test_a_delete_audits_what_it_takes_with_it_and_what_it_sets_to_null(
    entity, arrangements, capsys
):
    from midora.suppliers.models import ICTServiceUse

    first, second = arrangements
    second.overarching = first
    second.save()
    use = ICTServiceUse.objects.create(
        arrangement=first, function=builders.function(entity, "F-DEL"), service_type="S10"
    )
    first_pk = first.pk
    first.delete()
    assert midora(["audit", "verify"]) == 0, capsys.readouterr().err
    second.refresh_from_db()
    assert second.overarching_id is None
    assert [e.changes for e in audit.history(second).order_by("sequence")][-1] == {
        "overarching": [first_pk, None]
    }
    assert [e.action for e in audit.history(use).order_by("sequence")] == ["create", "delete"]


def test_deleting_a_linked_record_audits_the_links_others_lose(entity, arrangements, capsys):
    first, second = arrangements
    other = make_entity("Leaving CASP", "DE")
    first.using_entities.add(other)
    second.linked_arrangements.add(first)
    other_pk, first_pk = other.pk, first.pk
    other.delete()
    first.delete()
    assert midora(["audit", "verify"]) == 0, capsys.readouterr().err
    lost = [e.changes for e in audit.history(second).order_by("sequence")][-1]
    assert lost == {"linked_arrangements": [[first_pk], []]}
    first_events = AuditEvent.objects.filter(
        record_type="suppliers.contractualarrangement", record_id=str(first_pk)
    ).order_by("sequence")
    assert {"using_entities": [[other_pk], []]} in [e.changes for e in first_events]
