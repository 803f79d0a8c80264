"""Start the loopback OpenID Connect provider (tests/oidc/provider.mjs, panva/oidc-provider on
Node.js) for a test, and point midora's single sign-on settings at it."""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
CLIENT_ID = "midora"
CLIENT_SECRET = "midora-test-secret"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_provider(redirect_uri: str) -> Iterator[str]:
    """The issuer URL of a provider that runs for the duration of the block."""
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "oidc-provider").is_dir():
        pytest.fail(
            "The OpenID Connect test provider is not installed: run scripts/ensure-test-deps "
            "(needs Node.js 20 and npm; installs oidc-provider into tests/oidc/node_modules)."
        )
    process = subprocess.Popen(
        [node, str(HERE / "provider.mjs"), str(_free_port()), redirect_uri],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        if not line.startswith("ready "):
            process.kill()
            errors = process.stderr.read() if process.stderr else ""
            pytest.fail(f"the OpenID Connect test provider did not start: {line}{errors}")
        yield line.split(" ", 1)[1].strip()
    finally:
        process.terminate()
        process.wait(timeout=10)


def configure(settings: Any, issuer: str, group_map: Path) -> None:
    from midora.core import sso

    sso.discovery.cache_clear()
    settings.MIDORA_OIDC_ISSUER = issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SCOPES = "openid email profile groups"
    settings.MIDORA_OIDC_GROUP_MAP = group_map
