"""The product's areas, named in the navigation of every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

AREAS: list[tuple[str, Any, str]] = [
    ("scope", _("Scope"), "core:scope_map"),
    ("compliance", _("Compliance"), "compliance:index"),
    ("authorisation", _("Authorisation"), "authorisation:index"),
    ("ictrisk", _("ICT risk"), "ictrisk:index"),
    ("incidents", _("Incidents"), "incidents:index"),
    ("suppliers", _("Third parties"), "suppliers:index"),
    ("resilience", _("Resilience"), "resilience:index"),
    ("governance", _("Governance"), "governance:index"),
    ("reviews", _("Reviews"), "reviews:index"),
    ("boardpack", _("Board pack"), "boardpack:index"),
    ("evidencepacks", _("Evidence packs"), "evidencepacks:index"),
]


BOARD_AREAS = {"boardpack"}  # what a board member's role opens


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Template context: the areas with their URLs, and which one the current page belongs to."""
    current = getattr(getattr(request, "resolver_match", None), "app_name", "") or ""
    if current == "core":
        current = "scope"
    from midora.core.permissions import can_read_registers

    user = getattr(request, "user", None)
    areas = (
        AREAS
        if user is None or can_read_registers(user)
        else [a for a in AREAS if a[0] in BOARD_AREAS]
    )
    from midora.core.audit_scope import can_read_audit
    from midora.core.permissions import can_create

    signed_in = user is not None and user.is_authenticated
    return {
        # the switcher names each language in that language (settings.LANGUAGES, untranslated)
        "site_languages": settings.LANGUAGES,
        "nav_audit": user is not None and can_read_audit(user),
        # pages that create records, and those of record alerts, are linked only for roles
        # that can open them
        "nav_can_create": signed_in and can_create(user),
        "nav_records": signed_in and can_read_registers(user),
        "nav_areas": [
            {"key": key, "label": label, "url": _url(url_name), "active": key == current}
            for key, label, url_name in areas
        ],
    }
