"""The REST API: one django-ninja API assembled from each app's `api.router`."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import path

from midora.api.site import build_api, check_before_input

api = build_api()
for config in apps.get_app_configs():
    if (
        config.name.startswith("midora.")
        and config.label != "api"
        and find_spec(f"{config.name}.api")
    ):
        module = import_module(f"{config.name}.api")
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router("/" if config.label == "core" else f"/{config.label}", router)
check_before_input(api)

urlpatterns = [path("", api.urls)]
