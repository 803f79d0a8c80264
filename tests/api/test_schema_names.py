"""Every schema of the API has a name of its own: two apps never share a component name (a
collision would make one operation document another's body)."""

from __future__ import annotations

import typing
from collections import defaultdict

import pydantic


def _models(annotation: typing.Any, seen: set[type]) -> None:
    for argument in typing.get_args(annotation):
        _models(argument, seen)
    is_model = isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel)
    if is_model and annotation not in seen:
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, seen)


def test_component_names_are_unique_across_apps():
    from midora.api.urls import api

    seen: set[type] = set()
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for operation in view.operations:
                for model in (operation.response_models or {}).values():
                    _models(model, seen)
                for model in operation.models:
                    _models(model, seen)
    by_name: dict[str, set[str]] = defaultdict(set)
    for model in seen:
        by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    assert len(seen) > 50
    assert {name: where for name, where in by_name.items() if len(where) > 1} == {}


def test_every_operation_documents_the_error_answers():
    from midora.api.urls import api

    schema = api.get_openapi_schema()
    operations = [op for methods in schema["paths"].values() for op in methods.values()]
    assert len(operations) > 100
    for operation in operations:
        assert {401, 403, 404, 409, 422} <= {int(code) for code in operation["responses"]}, (
            operation["operationId"]
        )
