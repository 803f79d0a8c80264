"""Attribute the changes of a web request to the signed-in user."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from midora.core.audit import acting_as, actor_for_user, current_actor
from midora.core.languages import SIGN_IN_LANGUAGE, set_cookie


class AuditActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if request.path.startswith("/api/"):
            # the API names its actor once it has authenticated the call; whatever it names
            # ends with the request (a worker thread's next request starts from the default)
            with acting_as(current_actor()):
                return self.get_response(request)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        with acting_as(actor_for_user(user, "web")):
            return self.get_response(request)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """The page language: the switcher's cookie, else the browser's Accept-Language. The API
    answers in English whatever the client asks: its messages are for programs (and its error
    texts stay stable for them). At sign-in, the language the person chose is written into the
    cookie (`midora.core.languages`)."""

    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith("/api/"):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        chosen = getattr(request, SIGN_IN_LANGUAGE, "")
        if chosen:  # a sign-in: the person's kept language follows them to this browser
            set_cookie(response, chosen)
        return super().process_response(request, response)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a signed-in user, except the API (token or session auth of its own)."""

    def process_view(self, request, view_func, view_args, view_kwargs):  # type: ignore[no-untyped-def]
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class SecondFactorMiddleware:
    """A user whose sign-in still waits for its one-time code reaches only the enrolment and
    verification pages, sign-out and static files (`midora.core.second_factor`)."""

    OPEN_PREFIXES = ("/account/second-factor/", "/logout/", "/login/", "/static/", "/oidc/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from midora.core import second_factor

        path = request.path_info
        if (
            path.startswith("/api/")
            or path.startswith(self.OPEN_PREFIXES)
            or not second_factor.pending(request)
        ):
            return self.get_response(request)
        name = (
            "core:second_factor_verify"
            if second_factor.has_device(request.user)
            else "core:second_factor_enrol"
        )
        target = reverse(name) + "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):
            return HttpResponse(status=204, headers={"HX-Redirect": target})
        return HttpResponseRedirect(target)


class RejectNulMiddleware:
    """Refuse NUL characters in the query string or body before anything reaches the database
    (PostgreSQL cannot store or compare them): 422 with the reason."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        has_body = request.method in {
            "POST",
            "PUT",
            "PATCH",
        } and not request.content_type.startswith("multipart/")
        where = None
        if "%00" in query or "\x00" in unquote(query):
            where = "query"
        elif has_body and (b"\x00" in request.body or b"\\u0000" in request.body):
            where = "body"
        if where is None:
            return self.get_response(request)
        message = "NUL characters are not allowed in text."
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": [{"loc": [where], "msg": message, "type": "value_error"}]}, status=422
            )
        return HttpResponse(message, status=422, content_type="text/plain")


class ApiJsonErrorsMiddleware:
    """Under /api/ every error answer is JSON (``{"detail": ...}``): unknown paths, methods not
    allowed, CSRF refusals and server errors included, where Django would send an HTML page."""

    KEPT_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not request.path_info.startswith("/api/")
            or response.status_code < 400
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        detail = response.reason_phrase or "Error"
        if response.status_code >= 500:
            detail = "The server could not answer this request; the error is logged."
        json = JsonResponse({"detail": f"{detail}."}, status=response.status_code)
        for header in self.KEPT_HEADERS:
            if header in response:
                json[header] = response[header]
        return json
