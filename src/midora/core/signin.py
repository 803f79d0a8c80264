"""Sign-in helpers shared by the lockout (django-axes), the second factor and single sign-on."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address a sign-in attempt comes from, as django-axes counts failures per address.

    Behind the TLS-terminating proxy that `MIDORA_HTTPS=1` assumes, the proxy appends the client's
    address to X-Forwarded-For: the last entry is the one the proxy saw (earlier entries are
    whatever the client sent and are ignored). Without a proxy, the socket's address.
    """
    if getattr(settings, "MIDORA_HTTPS", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")
