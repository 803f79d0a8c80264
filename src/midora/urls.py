"""Root URLs: the web pages (`midora.web_urls`) and the API under /api/."""

from __future__ import annotations

from django.urls import include, path

from midora.web_urls import APP_PREFIXES
from midora.web_urls import urlpatterns as web_urlpatterns

__all__ = ["APP_PREFIXES", "urlpatterns"]

urlpatterns = [
    *web_urlpatterns,
    path("api/", include("midora.api.urls")),
]
