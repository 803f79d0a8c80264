"""Every API collection, for every role: list, read, create, change, delete, scope, query counts;
and every other GET operation answers each role without error."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from midora.core import permissions
from midora.core.accounts import issue_token
from midora.core.models import AuditEvent
from tests.generic.enrolment import CASES, OTHER_OPERATIONS, params
from tests.generic.records import in_scope, out_of_scope, owned_by, register_of

API_CASES = {case.id: case for case in CASES if case.api}
IDS = sorted(API_CASES)
MAX_LIST_ENDPOINT_QUERIES = 12  # whatever the limit: a list endpoint costs at most this many


def api(world: Any, role: str) -> Client:
    _token, raw = issue_token(world.users[role], "generic")
    return Client(headers={"Authorization": f"Bearer {raw}"})


@cache
def openapi() -> dict[str, Any]:
    from midora.api.urls import api as ninja_api

    return ninja_api.get_openapi_schema(path_prefix="/api/")


def body_properties(path: str, method: str) -> set[str]:
    schema = openapi()
    ref = schema["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    name = ref["$ref"].rsplit("/", 1)[-1]
    return set(schema["components"]["schemas"][name]["properties"])


def patch(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.patch(path, data, content_type="application/json")


def list_queries(world: Any, case: Any, limit: int) -> int:
    client = api(world, "compliance_manager")
    client.get(f"{case.api}?limit=1")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{case.api}?limit={limit}")
    assert response.status_code == 200
    assert len(response.json()["items"]) == min(limit, response.json()["count"])
    return len(queries)


@pytest.mark.parametrize("key", params(IDS))
def test_list_endpoint_queries_do_not_grow_with_page_size(world: Any, key: str) -> None:
    case = API_CASES[key]
    small, large = list_queries(world, case, 2), list_queries(world, case, 40)
    assert large == small, f"{key}: {small} queries for 2 items, {large} for 40 (an N+1)"
    assert large <= MAX_LIST_ENDPOINT_QUERIES + case.extra_list_queries


@pytest.mark.parametrize("key", params(IDS))
@pytest.mark.parametrize("role", ["administrator", "compliance_manager"])
def test_list_items_are_what_reading_each_record_answers(world: Any, key: str, role: str) -> None:
    """A list page is written without django-ninja's attribute-by-attribute validation (links
    from the link tables, the page validated at once): each item equals the record's own read,
    for a reader of every entity and for one of some."""
    case = API_CASES[key]
    client = api(world, role)
    items = client.get(f"{case.api}?limit=40").json()["items"]
    assert items, f"{key}: the world has no record to list"
    for item in items[:10]:
        assert client.get(f"{case.api}{item['id']}").json() == item, (key, item["id"])


# role -> (read, change a record owned by someone else, change one's own record, delete)
MATRIX = {
    "administrator": (200, 200, 200, 204),
    "compliance_manager": (200, 200, 200, 204),
    "contributor": (200, 403, 200, 403),
    "auditor": (200, 403, 403, 403),
    "board_member": (403, 403, 403, 403),
}


@pytest.mark.parametrize("key", IDS)
@pytest.mark.parametrize("role", sorted(MATRIX))
def test_role_and_entity_matrix(world: Any, key: str, role: str) -> None:
    case, model = API_CASES[key], register_of(key).model
    mine, foreign = in_scope(world, model), out_of_scope(world, model)
    read, change_other, change_own, delete = MATRIX[role]
    client = api(world, role)
    foreign_expected = 200 if role == "administrator" else (403 if read == 403 else 404)
    assert client.get(f"{case.api}{mine.pk}").status_code == read
    assert client.get(f"{case.api}{foreign.pk}").status_code == foreign_expected
    listing = client.get(f"{case.api}?limit=1000")
    assert listing.status_code == read
    if read == 200 and role != "administrator":
        assert foreign.pk not in {item["id"] for item in listing.json()["items"]}
    other = owned_by(mine, world.users["administrator"])
    assert patch(client, f"{case.api}{other.pk}", {"version": other.version}).status_code == (
        change_other
    )
    if role != "administrator":
        own = owned_by(mine, world.users[role])
        assert patch(client, f"{case.api}{own.pk}", {"version": own.version}).status_code == (
            change_own
        )
    foreign_change = patch(client, f"{case.api}{foreign.pk}", {"version": foreign.version})
    # a role that may write nothing is refused (403) before any record is looked up
    read_only = change_other == change_own == 403
    assert foreign_change.status_code == (403 if read_only else foreign_expected)
    if delete != 204:  # allowed deletes are exercised on a record of the test's own
        assert client.delete(f"{case.api}{mine.pk}").status_code == delete


@pytest.mark.parametrize("key", params(IDS, "api_create"))
def test_create_change_unchanged_and_delete(world: Any, key: str) -> None:
    case, model = API_CASES[key], register_of(key).model
    manager_creates = permissions.can_create(world.users["compliance_manager"], model)
    client = api(world, "compliance_manager" if manager_creates else "administrator")
    template = client.get(f"{case.api}{in_scope(world, model).pk}").json()
    accepted = body_properties(case.api, "post")
    payload = {k: v for k, v in template.items() if k in accepted}
    payload.update({k: v for k, v in case.unique.items() if k in accepted})
    if not manager_creates:  # what only administrators create: refused to the manager
        refused = api(world, "compliance_manager").post(
            case.api, payload, content_type="application/json"
        )
        assert refused.status_code == 403, refused.content.decode()[:500]
    created = client.post(case.api, payload, content_type="application/json")
    assert created.status_code == 201, created.content.decode()[:2000]
    record = created.json()
    path, template_path = f"{case.api}{record['id']}", f"{case.api}{{pk}}"
    editable = body_properties(template_path, "patch")
    edit = {k: v for k, v in case.edit.items() if k in editable}
    if edit:
        changed = patch(client, path, {"version": record["version"], **edit})
        assert changed.status_code == 200, changed.content.decode()[:2000]
        assert changed.json()["version"] == record["version"] + 1
        record = changed.json()
    last = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    same = {k: record[k] for k in editable if k in record}
    unchanged = patch(client, path, {**same, "version": record["version"]})
    assert unchanged.status_code == 200, unchanged.content.decode()[:2000]
    assert unchanged.json()["version"] == record["version"]
    assert not AuditEvent.objects.filter(sequence__gt=last).exists()
    assert client.delete(path).status_code == 204
    assert not model._default_manager.filter(pk=record["id"]).exists()


OTHER_GETS = sorted(
    op.split(" ", 1)[1]
    for ops in OTHER_OPERATIONS.values()
    for op in ops
    if op.startswith("GET ") and "{" not in op
)


@pytest.mark.parametrize("path", params(OTHER_GETS, "other_reads"))
def test_other_reads_answer_every_role(world: Any, path: str) -> None:
    for role in MATRIX:
        status = api(world, role).get(path).status_code
        board_area = re.match(r"/api/boardpack/", path) is not None
        if role == "board_member" and not board_area:
            assert status in {403, 404}, (path, role, status)
        else:
            assert status in {200, 403, 422}, (path, role, status)
