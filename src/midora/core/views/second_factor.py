"""The second factor's pages: enrol an authenticator app (QR code), and verify a code after
signing in. Both are reachable while the session still waits for its second factor."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _

from midora.core import second_factor


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


def enrol(request: HttpRequest) -> HttpResponse:
    """Show a new secret as a QR code; a first code from the app confirms the enrolment."""
    user = request.user
    if second_factor.has_device(user):
        if second_factor.pending(request):
            return HttpResponseRedirect(
                reverse("core:second_factor_verify") + "?" + urlencode({"next": _next(request)})
            )
        return render(request, "core/second_factor_enrolled.html", {})
    device = second_factor.enrolment_device(user)
    error = ""
    if request.method == "POST":
        if second_factor.confirm(request, device, request.POST.get("code", "")):
            messages.success(request, _("Your authenticator app is enrolled."))
            return HttpResponseRedirect(_next(request))
        error = _("That code does not match. Enter the six digits the app shows now.")
    return render(
        request,
        "core/second_factor_enrol.html",
        {
            "qr": second_factor.qr_data_uri(device),
            "secret": second_factor.secret_text(device),
            "required": second_factor.role_requires_it(user),
            "error": error,
            "next": _next(request),
        },
    )


def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the current code of the enrolled authenticator app."""
    if not second_factor.has_device(request.user):
        return HttpResponseRedirect(
            reverse("core:second_factor_enrol") + "?" + urlencode({"next": _next(request)})
        )
    if not second_factor.pending(request):
        return HttpResponseRedirect(_next(request))
    error = ""
    if request.method == "POST":
        if second_factor.verify(request, request.POST.get("code", "")):
            return HttpResponseRedirect(_next(request))
        error = _("That code is not valid. Enter the six digits your authenticator app shows now.")
    status = 200 if not error else 403
    return render(
        request,
        "core/second_factor_verify.html",
        {"error": error, "next": _next(request)},
        status=status,
    )
