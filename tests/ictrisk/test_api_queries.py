"""The risk and asset list endpoints cost the same number of queries whatever the page size."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_user
from tests.ictrisk.builders import make_asset, make_function, make_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked_records(entity: Any) -> None:
    functions = [make_function(entity) for _ in range(3)]
    assets = [make_asset(entity) for _ in range(12)]
    for number, asset in enumerate(assets):
        asset.functions.set(functions[: number % 3 + 1])
        asset.depends_on.set([assets[number - 1]])
        risk = make_risk(entity)
        risk.assets.set(assets[: number % 4 + 1])
        risk.functions.set(functions[: number % 3 + 1])


def list_queries(client: Any, path: str, limit: int) -> tuple[int, list[dict[str, Any]]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{path}?limit={limit}")
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == limit
    return len(queries), items


@pytest.mark.parametrize(
    ("path", "link_fields"),
    [
        ("/api/ictrisk/risks/", ("asset_ids", "function_ids")),
        ("/api/ictrisk/assets/", ("function_ids", "depends_on_ids")),
    ],
)
def test_list_queries_do_not_grow_with_page_size(
    linked_records: None, entity: Any, api_for: Any, path: str, link_fields: tuple[str, ...]
) -> None:
    client = api_for(make_user("officer", "compliance_manager", [entity]))
    client.get(f"{path}?limit=1")  # warm per-process caches (matrix, permissions)
    small, _ = list_queries(client, path, 2)
    large, items = list_queries(client, path, 10)
    assert large == small, f"{small} queries for 2 items, {large} for 10 (an N+1)"
    # the prefetched links are the real ones, in id order
    for item in items:
        for field in link_fields:
            assert item[field] == sorted(item[field])
        assert item[link_fields[0]], f"{item['id']} lost its links"
    detail = client.get(f"{path}{items[0]['id']}").json()
    assert {field: detail[field] for field in link_fields} == {
        field: items[0][field] for field in link_fields
    }


def test_pages_follow_the_register_order_at_any_offset(
    linked_records: None, entity: Any, api_for: Any
) -> None:
    """A page's records are chosen by their ids at the offset: the order and the count stay."""
    from midora.ictrisk.models import Risk

    client = api_for(make_user("reader", "compliance_manager", [entity]))
    expected = list(
        Risk.objects.order_by("entity_id", "reference", "pk").values_list("pk", flat=True)
    )
    pages = [client.get(f"/api/ictrisk/risks/?limit=5&offset={o}").json() for o in (0, 5, 10)]
    assert [item["id"] for page in pages for item in page["items"]] == expected
    assert {page["count"] for page in pages} == {len(expected)}
    beyond = client.get(f"/api/ictrisk/risks/?limit=5&offset={len(expected)}").json()
    assert beyond == {"items": [], "count": len(expected)}
