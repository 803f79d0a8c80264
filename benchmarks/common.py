"""Helpers for benchmarks: a scaled demo in a throwaway MIDORA_HOME, a gunicorn server on loopback,
latency percentiles, and result files in benchmarks/results/ with the machine and the scale."""

from __future__ import annotations

import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
MIDORA = [sys.executable, "-m", "midora.cli"]


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def write_result(name: str, data: dict) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {
        "benchmark": name,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(),
        **data,
    }
    path.write_text(json.dumps(payload, indent=2))
    print(json.dumps(payload, indent=2))
    return path


def midora(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([*MIDORA, *args], env=env, check=check, capture_output=True, text=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served(env: dict, workers: int = 2):
    """`midora serve` on a free loopback port; yields the base URL; stops the server after."""
    port = free_port()
    process = subprocess.Popen(
        [*MIDORA, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env={**env, "MIDORA_LOG_LEVEL": "ERROR"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def percentiles(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    q = statistics.quantiles(ordered, n=100)
    return {
        "requests": len(ordered),
        "p50_ms": round(q[49], 1),
        "p95_ms": round(q[94], 1),
        "max_ms": round(ordered[-1], 1),
    }


def time_requests(call: Callable[[], int], count: int, warmup: int = 10) -> dict:
    """Run `call` `count` times (after a warm-up), each must answer 200; return latency percentiles."""
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        status = call()
        samples.append((time.perf_counter() - start) * 1000)
        if status != 200:
            raise RuntimeError(f"request answered {status}")
    return percentiles(samples)


def session_for(base: str, username: str, password: str):
    """A requests session signed in through the login form."""
    import requests

    session = requests.Session()
    session.get(f"{base}/login/")
    token = session.cookies.get("csrftoken")
    response = session.post(
        f"{base}/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/login/"},
    )
    if "/login" in response.url:
        raise RuntimeError("could not sign in for the benchmark")
    return session


def store_big_files(count: int) -> list[str]:
    """Store `count` distinct files of 64 x ~1 MB in the evidence store (Django set up); their
    SHA-256 digests."""
    from midora.compliance.evidence_store import store_chunks

    digests = []
    for index in range(count):
        seed = index.to_bytes(4, "big")
        chunks = (seed + i.to_bytes(4, "big") * 262143 for i in range(64))  # 64 x ~1 MB
        digests.append(store_chunks(chunks, limit=1 << 40).sha256)
    return digests
