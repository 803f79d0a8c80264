"""Pages of a list ordered by its entity's name are read from the (entity, reference) index: the
same rows in the same order as sorting the joined table, at a cost that does not grow with depth."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from midora.core.models import LegalEntity
from midora.core.parent_ordered_pages import ParentOrderedRows, parent_ordering
from midora.ictrisk.models import Risk
from tests.factories import demo_loaded_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_group(django_db_setup, django_db_blocker):
    with demo_loaded_once(django_db_blocker) as summary:
        yield summary


@pytest.fixture
def demo(demo_group, db):
    return demo_group


def test_an_ordering_is_served_by_an_index_only_when_one_holds_it():
    assert parent_ordering(Risk, ["entity__name", "reference"]) == ("entity", "name", ["reference"])
    # the order of a provider's name is not what any index of risks holds
    assert parent_ordering(Risk, ["entity__name", "title"]) is None
    assert parent_ordering(Risk, ["-entity__name", "reference"]) is None
    assert parent_ordering(LegalEntity, ["name"]) is None


@pytest.mark.parametrize("per_page", [1, 7, 50])
def test_every_page_matches_the_sorted_join(demo, per_page):
    queryset = Risk.objects.all()
    expected = list(
        queryset.order_by("entity__name", "reference", "pk").values_list("pk", flat=True)
    )
    rows = ParentOrderedRows(queryset, "entity", "name", ["reference"])
    assert rows.count() == len(expected) > 20
    got = []
    for start in range(0, len(expected), per_page):
        got += [risk.pk for risk in rows[start : start + per_page]]
    assert got == expected
    assert rows[len(expected) - 1].pk == expected[-1]
    with pytest.raises(IndexError):
        rows[len(expected)]


def test_a_filtered_list_keeps_its_filter(demo):
    entity_id = Risk.objects.values_list("entity_id", flat=True).first()
    queryset = Risk.objects.exclude(entity_id=entity_id)
    rows = ParentOrderedRows(queryset, "entity", "name", ["reference"])
    assert [r.pk for r in rows[0:1000]] == list(
        queryset.order_by("entity__name", "reference", "pk").values_list("pk", flat=True)
    )


def test_a_deep_page_costs_what_the_first_does(demo, client_for):
    from django.contrib.auth import get_user_model

    client = client_for(get_user_model().objects.get(username="admin"))
    last = (Risk.objects.count() - 1) // 50 + 1
    assert last > 1

    def queries(page: int) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/ict-risk/risks/?page={page}")
        assert response.status_code == 200
        return len(ctx)

    first = queries(1)
    assert queries(last) <= first + 1  # one more parent's index read at most
