"""The API contract, checked by schemathesis over the whole OpenAPI document.

Every check of schemathesis runs except positive-data acceptance (a business rule may refuse data
the schema allows: a LEI with a wrong check digit, a link to another entity's record). Cases are
generated from the schema (valid and invalid data), bounded per operation, with a fixed seed.
The operations are dealt into shards (by their place in the document), each its own test, so that
test workers share the run.
"""

from __future__ import annotations

import os
from collections import defaultdict

import pytest
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings

from midora.core.choices import Role
from midora.core.models import BusinessFunction
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.spread]

EXAMPLES = int(os.environ.get("MIDORA_CONTRACT_EXAMPLES", "6"))
SHARDS = 4


def _failures(headers: dict[str, str], shard: int) -> dict[str, list[str]]:
    import schemathesis
    from django.core.wsgi import get_wsgi_application
    from schemathesis.generation.modes import GenerationMode

    found: dict[str, list[str]] = defaultdict(list)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    only = os.environ.get("MIDORA_CONTRACT_ONLY", "")
    for index, result in enumerate(schema.get_all_operations()):
        if index % SHARDS != shard:
            continue
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        if only and only not in label:
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _exercise(operation, mode, headers, found[label])
    return {label: items for label, items in found.items() if items}


def _exercise(operation, mode, headers: dict[str, str], failures: list[str]) -> None:
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        # each request in its own savepoint, like each production request in its own
        # transaction: a statement the database refused must not poison the next case
        savepoint = transaction.savepoint()
        # A case whose Authorization header is the invalid part is sent as generated (it must
        # be refused); every other case carries the administrator's token.
        sent = None if _header_is_negative(case) else headers
        try:
            response = case.call(headers=sent)
            try:
                case.validate_response(
                    response, headers=sent, excluded_checks=[positive_data_acceptance]
                )
            except Exception as exc:  # a FailureGroup: one line per failed check
                failures.append(f"{case.method} {case.formatted_path}: {exc}"[:800])
        finally:
            transaction.savepoint_rollback(savepoint)

    check()


def _header_is_negative(case) -> bool:
    from schemathesis.core.parameters import ParameterLocation
    from schemathesis.generation.modes import GenerationMode

    info = case.meta.components.get(ParameterLocation.HEADER) if case.meta else None
    return info is not None and info.mode == GenerationMode.NEGATIVE


@pytest.fixture
def keep_connection():
    """Like Django's test client: keep the test's connection (and transaction) across requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_operation_keeps_the_contract(shard, entity, keep_connection):
    from midora.core.accounts import issue_token

    admin = make_user("root", Role.ADMINISTRATOR)
    BusinessFunction.objects.create(entity=entity, identifier="F-1", name="One")
    _token, raw = issue_token(admin, "contract")
    failures = _failures({"Authorization": f"Bearer {raw}"}, shard)
    report = "\n".join(
        f"{op}: {len(items)}\n  " + "\n  ".join(items[:3]) for op, items in sorted(failures.items())
    )
    assert not failures, f"{sum(map(len, failures.values()))} failures\n{report}"
