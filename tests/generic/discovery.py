"""Everything the generic suite must cover, found from what the product mounts (never listed by
hand): every Register behind a URL pattern, every API operation of every mounted router."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class MountedRegister:
    register: Any
    url_names: frozenset[str]  # "list", "detail", "history", "add", "edit", "delete"

    @property
    def key(self) -> str:
        return f"{self.register.namespace}:{self.register.name}"


def _walk(patterns: list, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from _walk(
                entry.url_patterns, f"{namespace}:{ns}".strip(":") if ns else namespace
            )
        elif isinstance(entry, URLPattern):
            yield namespace, entry


@functools.cache
def mounted_registers() -> dict[str, MountedRegister]:
    """Each Register that a URL pattern serves, with the pages mounted for it (found once per
    run: the URL configuration does not change while the tests run)."""
    found: dict[int, tuple[Any, set[str]]] = {}
    for _ns, pattern in _walk(get_resolver().url_patterns):
        view_class = getattr(pattern.callback, "view_class", None)
        initkwargs = getattr(pattern.callback, "view_initkwargs", {}) or {}
        register = initkwargs.get("register") or getattr(view_class, "register", None)
        if register is None or not pattern.name:
            continue
        action = pattern.name.rsplit("_", 1)[-1]
        found.setdefault(id(register), (register, set()))[1].add(action)
    registers = {}
    for register, actions in found.values():
        mounted = MountedRegister(register, frozenset(actions))
        registers[mounted.key] = mounted
    return registers


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # the full path under /api/
    operation_id: str
    router_prefix: str


@functools.cache
def api_operations() -> tuple[Operation, ...]:
    """Every operation the API publishes (from its OpenAPI schema, so nothing mounted escapes)."""
    from midora.api.urls import api

    schema = api.get_openapi_schema(path_prefix="/api/")
    found = []
    for path, methods in schema["paths"].items():
        for method, spec in methods.items():
            if method.upper() not in {"GET", "POST", "PUT", "PATCH", "DELETE"}:
                continue
            segments = path.removeprefix("/api/").split("/")
            prefix = "" if segments[0].startswith("{") else segments[0]
            found.append(Operation(method.upper(), path, spec.get("operationId", ""), prefix))
    return tuple(found)
