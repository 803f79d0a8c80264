"""The NinjaAPI object: authentication and the error answers shared by every endpoint."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from midora import __version__
from midora.core.accounts import authenticate_token
from midora.core.audit import _current_actor, actor_for_user
from midora.core.models import StaleVersionError


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <personal API token>`; the request then acts as the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_token(token)
        if user is not None:
            request.user = user
            _current_actor.set(actor_for_user(user, "api"))
        return user


def _session(request: HttpRequest) -> Any:
    user = django_auth(request)
    if user:
        _current_actor.set(actor_for_user(request.user, "api"))
    return user


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


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="midora API",
        version=__version__,
        description="MiCA and DORA readiness records of a crypto-asset service provider. "
        "Authenticate with a personal API token: `Authorization: Bearer <token>`.",
        auth=[TokenAuth(), _session],
        urls_namespace="api",
    )

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
