"""`midora serve`: gunicorn in front of the WSGI application."""

from __future__ import annotations

import ipaddress
import subprocess
import sys
from typing import Any

from django.conf import settings


def is_loopback(host: str) -> bool:
    if host in {"localhost", "ip6-localhost"}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def start_background_worker() -> subprocess.Popen:
    """`midora worker` as a child process, so a laptop needs one command for everything."""
    return subprocess.Popen([sys.executable, "-m", "midora.cli", "worker"])


def _close_connections(_server: Any, _worker: Any) -> None:
    from django.db import connections

    connections.close_all()


def serve(host: str, port: int, workers: int, with_worker: bool = True) -> int:
    from midora.cli import CommandError

    if settings.DEBUG and not is_loopback(host):
        raise CommandError(
            f"refusing to serve with debug mode on a non-loopback address ({host}); unset MIDORA_DEBUG."
        )
    from gunicorn.app.base import BaseApplication

    from midora.wsgi import application

    class Server(BaseApplication):
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
                "workers": max(1, workers),
                "accesslog": "-",
                "timeout": 120,
                "keepalive": 5,
                # workers keep their database connection between requests (CONN_MAX_AGE): one
                # the master holds is closed before each fork, so that no worker inherits it
                "pre_fork": _close_connections,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    print(
        f"midora serving on http://{host}:{port}/ with {workers} web worker(s)"
        f"{' and a background worker' if with_worker else ''}; Ctrl-C stops it.",
        flush=True,
    )
    background = start_background_worker() if with_worker else None
    try:
        Server().run()
    finally:
        if background is not None:
            background.terminate()
            background.wait(timeout=30)
    return 0
