"""Benchmark the ICT risk heatmap and register list with ~50,000 risks, served by gunicorn.

Run: ``.venv/bin/python -m benchmarks.bench_risk_register [--home DIR] [--scale 100]
[--requests 60] [--workers 2] [--load] [--only API]``. Without a home (``--home`` or MIDORA_HOME),
as ``make bench`` runs it, the demo is loaded at the scale into a new temporary home; an empty
home is loaded the same way; with ``--load`` the demo is reloaded first (``midora demo --reset
--scale N``). Each page is requested in a bounded loop
(sequential requests over a kept-alive connection, after warm-up) on loopback; the script writes
p50 / p95 / max per page to ``benchmarks/results/risk_register.json``. Target: p95 < 1 s per page.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.bench_suppliers_roi import setup

RESULTS = Path(__file__).parent / "results" / "risk_register.json"
ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    ("heatmap inherent (web)", "/ict-risk/heatmap/?which=inherent"),
    ("heatmap residual (web)", "/ict-risk/heatmap/?which=residual"),
    ("risk area overview (web)", "/ict-risk/"),
    ("register list, first page (web)", "/ict-risk/risks/"),
    ("register list, page 500 (web)", "/ict-risk/risks/?page=500"),
    (
        "register list, filtered cell (web)",
        "/ict-risk/risks/?inherent_likelihood=4&inherent_impact=5",
    ),
    ("register list, sorted by review (web)", "/ict-risk/risks/?sort=-next_review"),
    ("heatmap (API)", "/api/ictrisk/heatmap?which=residual"),
    ("register list (API, 50)", "/api/ictrisk/risks/?limit=50&offset=25000"),
]
TARGET_P95_S = 1.0


def _credentials() -> tuple[str, str]:
    """A session cookie and an API token of the demo administrator."""
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    from midora.core.accounts import issue_token

    user = get_user_model().objects.get(username="admin")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    _token, raw = issue_token(user, "benchmark")
    return session.session_key, raw


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start on port {port}")


def measure(
    base: str, session: str, token: str, requests_per_page: int, only: str = ""
) -> list[dict]:
    import requests

    client = requests.Session()
    client.cookies.set("sessionid", session)
    results = []
    for label, url in PAGES:
        if only not in label:
            continue
        headers = {"Authorization": f"Bearer {token}"} if url.startswith("/api/") else {}
        for _ in range(3):  # warm-up
            client.get(base + url, headers=headers, timeout=60).raise_for_status()
        times = []
        for _ in range(requests_per_page):
            start = time.perf_counter()
            response = client.get(base + url, headers=headers, timeout=60)
            times.append(time.perf_counter() - start)
            response.raise_for_status()
        times.sort()
        p95 = times[max(int(len(times) * 0.95) - 1, 0)]
        results.append(
            {
                "page": label,
                "url": url,
                "requests": len(times),
                "p50_ms": round(statistics.median(times) * 1000, 1),
                "p95_ms": round(p95 * 1000, 1),
                "max_ms": round(times[-1] * 1000, 1),
                "within_target": p95 < TARGET_P95_S,
            }
        )
        print(f"{label:<42} p50 {results[-1]['p50_ms']:>8} ms  p95 {results[-1]['p95_ms']:>8} ms")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--load", action="store_true", help="load the demo at --scale first")
    parser.add_argument(
        "--home",
        help="the MIDORA_HOME to measure (default: $MIDORA_HOME, else a new temporary one, "
        "where the demo is loaded at --scale, as make bench runs it)",
    )
    parser.add_argument("--only", default="", help="measure only the pages whose label has this")
    args = parser.parse_args()
    home = args.home or os.environ.get("MIDORA_HOME")
    if args.load and home:
        os.environ["MIDORA_HOME"] = home
        subprocess.run(
            [sys.executable, "-m", "midora.cli", "demo", "--reset", "--scale", str(args.scale)],
            check=True,
        )
    setup(home, args.scale)  # loads the demo into an empty home
    from django.db import connection

    from midora.ictrisk.models import Risk

    risks = Risk.objects.count()
    session, token = _credentials()
    port = _free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "midora.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--keep-alive",
            "5",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(port)
        load_before = os.getloadavg()
        pages = measure(f"http://127.0.0.1:{port}", session, token, args.requests, args.only)
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
    report = {
        "benchmark": "risk_register",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "database": connection.vendor,
        "scale": args.scale,
        "risks": risks,
        "gunicorn_workers": args.workers,
        "load_average": {"before": load_before, "after": load_after},
        "target_p95_ms": TARGET_P95_S * 1000,
        "pages": pages,
    }
    if args.only and RESULTS.exists():  # keep the pages not measured this time
        measured = {p["page"] for p in pages}
        kept = json.loads(RESULTS.read_text("utf-8")).get("pages", [])
        report["pages"] = [p for p in kept if p["page"] not in measured] + pages
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(f"{risks} risks; results written to {RESULTS}")
    return 0 if all(p["within_target"] for p in pages) else 1


if __name__ == "__main__":
    sys.exit(main())
