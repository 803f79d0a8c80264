"""The NinjaAPI object: authentication and the error answers shared by every endpoint."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from midora import __version__
from midora.core import permissions
from midora.core.accounts import authenticate_token
from midora.core.api_errors import STANDARD_ERRORS, ConflictOut, ErrorOut, ValidationErrorOut
from midora.core.audit import _current_actor, actor_for_user
from midora.core.models import StaleVersionError

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <personal API token>`; the request then acts as the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_token(token)
        if user is not None:
            request.user = user
            _current_actor.set(actor_for_user(user, "api"))
        return user


def _session(request: HttpRequest) -> Any:
    """The web session, once its second factor (when required) is given."""
    from midora.core import second_factor

    user = django_auth(request)
    if user and second_factor.pending(request):
        return None
    if user:
        _current_actor.set(actor_for_user(request.user, "api"))
    return user


def authenticated_as(allowed: Callable[[Any], bool], refusal: str) -> list[Callable]:
    """The usual authentication of an operation, with the role checked right after it: a role
    that may not call the operation gets 403 before its parameters are read (an operation whose
    parameters are required would otherwise answer 422 to a role it refuses anyway)."""

    def checked(authenticate: Callable[[HttpRequest], Any]) -> Callable[[HttpRequest], Any]:
        def callback(request: HttpRequest) -> Any:
            user = authenticate(request)
            if user and not allowed(user):
                raise PermissionDenied(refusal)
            return user

        return callback

    return [checked(TokenAuth()), checked(_session)]


def _validation_detail(exc: ValidationError) -> list[dict[str, Any]]:
    if hasattr(exc, "error_dict"):
        return [
            {
                "loc": ["body", "payload", field],
                "msg": " ".join(m for e in errors for m in e.messages),
                "type": "value_error",
            }
            for field, errors in exc.error_dict.items()
        ]
    return [{"loc": ["body", "payload"], "msg": " ".join(exc.messages), "type": "value_error"}]


class MidoraAPI(NinjaAPI):
    """The API whose OpenAPI document states every error answer of every operation, with the one
    schema the exception handlers below answer with (`midora.core.api_errors`)."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (ErrorOut, ConflictOut, ValidationErrorOut):
            definition = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(definition.pop("$defs", {}))
            components[model.__name__] = definition
        generic = {m.__name__ for m in (ErrorOut, ConflictOut, ValidationErrorOut)}
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                responses = operation.setdefault("responses", {})
                for status, (model, description) in STANDARD_ERRORS.items():
                    declared = responses.get(status) or responses.get(str(status)) or {}
                    body = declared.get("content", {}).get("application/json", {})
                    ref = body.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
                    if declared and ref not in generic:
                        continue  # an operation-specific body (e.g. the RoI export's findings)
                    responses.pop(str(status), None)
                    responses[status] = {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{model.__name__}"}
                            }
                        },
                    }
        return schema


def build_api() -> NinjaAPI:
    api = MidoraAPI(
        title="midora API",
        version=__version__,
        description="MiCA and DORA readiness records of a crypto-asset service provider. "
        "Authenticate with a personal API token: `Authorization: Bearer <token>`.\n\n"
        "[Back to midora](/) · [API tokens](/account/tokens/)",
        auth=[TokenAuth(), _session],
        urls_namespace="api",
    )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": _validation_detail(exc)}, status=422)

    @api.exception_handler(StaleVersionError)
    def stale(request: HttpRequest, exc: StaleVersionError) -> HttpResponse:
        return api.create_response(request, exc.as_dict(), status=409)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(
            request, {"detail": str(exc) or "Permission denied."}, status=403
        )

    @api.exception_handler(OverflowError)
    def out_of_range(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        return api.create_response(
            request,
            {
                "detail": [
                    {
                        "loc": ["query"],
                        "msg": "A number is out of range (largest id: 2^63-1).",
                        "type": "value_error",
                    }
                ]
            },
            status=422,
        )

    @api.exception_handler(DataError)
    def bad_data(request: HttpRequest, exc: DataError) -> HttpResponse:
        return api.create_response(
            request,
            {
                "detail": [
                    {
                        "loc": ["query"],
                        "msg": "A value cannot be stored or searched as given (e.g. a NUL character or an out-of-range number).",
                        "type": "value_error",
                    }
                ]
            },
            status=422,
        )

    @api.exception_handler(IntegrityError)
    def conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        return api.create_response(
            request,
            {"detail": "The change conflicts with existing records (a uniqueness or link rule)."},
            status=409,
        )

    return api


def _query_names(operation: Any) -> set[str]:
    names: set[str] = set()
    for model in operation.models:
        if getattr(model, "__ninja_param_source__", None) != "query":
            continue
        flat = getattr(model, "__ninja_flatten_map__", None)
        names |= set(flat) if flat else {f.alias or n for n, f in model.model_fields.items()}
    return names


def check_before_input(api: NinjaAPI) -> None:
    """What every operation checks after authentication and before its input is read:
    - a read-only role (auditor, board member) gets 403 on any write, unless the operation is
      open to readers (`midora.core.api_scope.open_to_readers`), so that a refused call teaches
      nothing about the schema;
    - a query parameter the operation does not take is a 422 naming it (a misspelt filter must
      not silently list everything)."""
    for bound in api._get_bound_routers():  # the operations the URLs really serve
        for view in bound.path_operations.values():
            for operation in view.operations:
                operation._run_checks = _checks_with_query(api, operation)


def _checks_with_query(api: NinjaAPI, operation: Any) -> Any:
    known = _query_names(operation)
    original = operation._run_checks

    open_to_readers = getattr(operation.view_func, "open_to_readers", False)

    def run_checks(request: HttpRequest) -> HttpResponse | None:
        error = original(request)
        if error is not None:
            return error
        writes = request.method not in SAFE_METHODS
        if writes and not open_to_readers and not permissions.can_create(request.user):
            return api.create_response(request, {"detail": "Your role can only read."}, status=403)
        unknown = sorted(set(request.GET) - known)
        if not unknown:
            return None
        detail = [
            {"loc": ["query", name], "msg": "Unknown query parameter.", "type": "extra_forbidden"}
            for name in unknown
        ]
        return api.create_response(request, {"detail": detail}, status=422)

    return run_checks
