"""Every register's pages, for every role: render, add, edit, delete, scope and query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from midora.core import permissions
from midora.core.models import AuditEvent
from tests.generic.browser_form import parse_form
from tests.generic.enrolment import CASES, params
from tests.generic.records import (
    in_scope,
    out_of_scope,
    owned_by,
    pages_of,
    register_of,
    web,
)

BY_ID = {case.id: case for case in CASES}
IDS = sorted(BY_ID)
MAX_LIST_PAGE_QUERIES = 25  # whatever the page size: a list page costs at most this many


def url(key: str, action: str, obj: Any = None) -> str:
    args = [obj.pk] if obj is not None else []
    return reverse(register_of(key).url_name(action), args=args)


@pytest.mark.parametrize("key", params(IDS, "pages"))
def test_pages_render(world: Any, key: str) -> None:
    obj = in_scope(world, register_of(key).model)
    assert obj is not None, f"the demo has no {key} of the granted entity"
    client = web(world, "administrator")
    for action in sorted(pages_of(key) - {"delete", "add", "bulk"}):  # bulk: POST only
        target = url(key, action, None if action == "list" else obj)
        assert client.get(target).status_code == 200, target
    if "add" in pages_of(key):
        assert client.get(url(key, "add")).status_code == 200


# role -> (read own entity, edit own entity, edit own record, delete) ; other entities: 404
MATRIX = {
    "administrator": (200, 200, 200, 200),
    "compliance_manager": (200, 200, 200, 200),
    "contributor": (200, 403, 200, 403),
    "auditor": (200, 403, 403, 403),
    "board_member": (403, 403, 403, 403),
}

# reference data (no legal entity: authority profiles, their holidays): every register reader
# reads it, administrators alone change it (`permissions.is_reference_data`)
REFERENCE_MATRIX = {
    "administrator": (200, 200, 200, 200),
    "compliance_manager": (200, 403, 403, 403),
    "contributor": (200, 403, 403, 403),
    "auditor": (200, 403, 403, 403),
    "board_member": (403, 403, 403, 403),
}


@pytest.mark.parametrize("key", params(IDS))
@pytest.mark.parametrize("role", sorted(MATRIX))
def test_role_and_entity_matrix(world: Any, key: str, role: str) -> None:
    model, pages = register_of(key).model, pages_of(key)
    if permissions.is_reference_data(model):
        check_reference_data(world, key, role)
        return
    mine, foreign = in_scope(world, model), out_of_scope(world, model)
    assert mine is not None and foreign is not None, f"the demo lacks {key} records to compare"
    read, edit_other, edit_own, delete = MATRIX[role]
    client = web(world, role)
    page = "detail" if "detail" in pages else "history"
    assert client.get(url(key, page, mine)).status_code == read
    foreign_expected = 200 if role == "administrator" else (403 if read == 403 else 404)
    assert client.get(url(key, page, foreign)).status_code == foreign_expected
    listing = client.get(url(key, "list"))
    assert listing.status_code == read
    if read == 200 and role != "administrator" and "rows" in (listing.context or {}):
        visible = {row[0].pk for row in listing.context["rows"]}
        assert foreign.pk not in visible
    if "edit" in pages:
        owner = None if role == "administrator" else world.users[role]
        other = owned_by(mine, world.users["administrator"])
        assert client.get(url(key, "edit", other)).status_code == edit_other
        if owner is not None:
            own = owned_by(mine, owner)
            assert client.get(url(key, "edit", own)).status_code == edit_own
        assert client.get(url(key, "edit", foreign)).status_code == foreign_expected
    if "delete" in pages:
        owned_by(mine, world.users["administrator"])
        assert client.get(url(key, "delete", mine)).status_code == delete


def check_reference_data(world: Any, key: str, role: str) -> None:
    """A record of no entity: the same answer for every entity's users, no foreign record."""
    pages, obj = pages_of(key), in_scope(world, register_of(key).model)
    assert obj is not None, f"the demo has no {key}"
    read, edit_other, edit_own, delete = REFERENCE_MATRIX[role]
    client = web(world, role)
    page = "detail" if "detail" in pages else "history"
    assert client.get(url(key, page, obj)).status_code == read
    listing = client.get(url(key, "list"))
    assert listing.status_code == read
    if read == 200 and "rows" in (listing.context or {}):
        assert obj.pk in {row[0].pk for row in listing.context["rows"]}
    if "add" in pages:
        assert client.get(url(key, "add")).status_code == edit_other
    if "edit" in pages:
        other = owned_by(obj, world.users["administrator"])
        assert client.get(url(key, "edit", other)).status_code == edit_other
        if role != "administrator":
            own = owned_by(obj, world.users[role])
            assert client.get(url(key, "edit", own)).status_code == edit_own
    if "delete" in pages:
        owned_by(obj, world.users["administrator"])
        assert client.get(url(key, "delete", obj)).status_code == delete


@pytest.mark.parametrize("key", params([k for k in IDS if BY_ID[k].edit], "web_edit"))
def test_web_edit_changes_the_field_and_writes_one_event(world: Any, key: str) -> None:
    case, model = BY_ID[key], register_of(key).model
    obj = in_scope(world, model)
    client = web(world, "compliance_manager")
    form = parse_form(client.get(url(key, "edit", obj)).content.decode())
    data = {**form.data(), **{k: [str(v)] for k, v in case.edit.items()}}
    last = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    response = client.post(url(key, "edit", obj), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    fresh = model._default_manager.get(pk=obj.pk)
    for name, value in case.edit.items():
        assert str(getattr(fresh, name)) == str(value)
    assert fresh.version == obj.version + 1
    events = AuditEvent.objects.filter(sequence__gt=last)
    assert [(e.action, e.record_id) for e in events] == [("update", str(obj.pk))]


@pytest.mark.parametrize(
    "key", params([k for k in IDS if BY_ID[k].web_add and "add" in pages_of(k)], "web_add")
)
def test_web_add_then_delete(world: Any, key: str) -> None:
    case, model = BY_ID[key], register_of(key).model
    template = in_scope(world, model)
    client = web(world, creator_role(world, model))
    form = parse_form(client.get(url(key, "edit", template)).content.decode())
    data = {k: v for k, v in form.data().items() if k != "version"}
    unique = {k: v(world) if callable(v) else v for k, v in case.unique.items()}
    data.update({k: ["" if v is None else str(v)] for k, v in unique.items()})
    before = set(model._default_manager.values_list("pk", flat=True))
    response = client.post(url(key, "add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = model._default_manager.exclude(pk__in=before).get()
    assert AuditEvent.objects.filter(
        record_type=model._meta.label_lower, record_id=str(created.pk), action="create"
    ).exists()
    response = client.post(url(key, "delete", created))
    assert response.status_code == 302
    assert not model._default_manager.filter(pk=created.pk).exists()
    assert AuditEvent.objects.filter(
        record_type=model._meta.label_lower, record_id=str(created.pk), action="delete"
    ).exists()


def creator_role(world: Any, model: Any) -> str:
    """The compliance manager creates, except what only administrators may create."""
    manager = world.users["compliance_manager"]
    return "compliance_manager" if permissions.can_create(manager, model) else "administrator"


def test_only_administrators_create_legal_entities(world: Any) -> None:
    from midora.core.models import LegalEntity

    response = web(world, "compliance_manager").get(url("core:legalentity", "add"))
    assert response.status_code == 403
    assert creator_role(world, LegalEntity) == "administrator"


def list_queries(world: Any, key: str, per_page: int) -> int:
    register = register_of(key)
    client = web(world, "compliance_manager")
    client.get(url(key, "list"))  # warm caches (sessions, content types)
    saved = register.per_page
    register.per_page = per_page
    try:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(key, "list")).status_code == 200
    finally:
        register.per_page = saved
    return len(queries)


@pytest.mark.parametrize("key", params(IDS, "list_queries"))
def test_list_page_queries_do_not_grow_with_page_size(world: Any, key: str) -> None:
    small, large = list_queries(world, key, 2), list_queries(world, key, 40)
    assert large == small, f"{key}: {small} queries for 2 rows, {large} for 40 (an N+1)"
    assert large <= MAX_LIST_PAGE_QUERIES


def test_the_guard_catches_a_missing_prefetch(world: Any) -> None:
    """Without its select_related the risk register's page grows with its rows: the guard fails."""
    register = register_of("ictrisk:risk")
    saved = register.select_related
    register.select_related = ()
    try:
        with pytest.raises(AssertionError, match="an N\\+1"):
            test_list_page_queries_do_not_grow_with_page_size(world, "ictrisk:risk")
    finally:
        register.select_related = saved
