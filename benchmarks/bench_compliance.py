"""Benchmark the crosswalk (page and Excel export) at scale, and `evidence verify` throughput.

Run: ``.venv/bin/python -m benchmarks.bench_compliance [--scale 100] [--big-files 8]
[--home DIR] [--requests 60]``.
Loads the demo group at the given scale into a fresh MIDORA_HOME (all shipped requirements,
~300 controls and 20,000 evidence items at scale 100; ``--home`` reuses a MIDORA_HOME that holds
it, after migrating it), then times, as an administrator, in-process (Django's test client):

- the crosswalk page (both regimes, first page): ``--requests`` GETs after a warm-up, p50 and
  p95 (goal: p95 < 100 ms), with the queries of one request and the load average; the per-control
  view and a DORA page the same way; the Excel export once;
- re-hashing every stored evidence file (the work of `midora evidence verify`), in MB/s, beside
  `sha256sum` on the same files; once on the demo's many small files and once on `--big-files`
  files of 64 MB each added to the store (streaming throughput).

Writes ``benchmarks/results/compliance.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import store_big_files

RESULTS = Path(__file__).parent / "results" / "compliance.json"
TARGET_P95_MS = 100.0


def _setup(home: str) -> None:
    os.environ["MIDORA_HOME"] = home
    os.environ["MIDORA_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ["MIDORA_OTP_REQUIRED_ROLES"] = "none"  # the test client signs in without a code
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "midora.settings")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    import midora.wsgi  # noqa: F401 - as a `midora serve` worker starts (it freezes its heap)


def _page(client, url: str, requests: int) -> dict:
    """Latency percentiles of `requests` GETs of `url`, the queries and bytes of one."""
    from django.db import connection

    from benchmarks.common import time_requests

    client.get(url)  # warm-up: templates, imports, the session
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):  # (the test client resets the query log)
        response = client.get(url)
    assert response.status_code == 200, url
    timing = time_requests(lambda: client.get(url).status_code, requests, warmup=3)
    return {"url": url, **timing, "queries": len(queries), "bytes": len(response.content)}


def _timed(fn):
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def _sha256sum(paths: list[Path]) -> float:
    """Seconds `sha256sum` takes on the files (fed in batches through xargs)."""
    listing = "\0".join(str(p) for p in paths).encode()
    started = time.perf_counter()
    subprocess.run(
        ["xargs", "-0", "sha256sum"], input=listing, stdout=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - started


def _verify(digests: list[str]) -> dict:
    from midora.compliance.evidence_store import blob_path, verify_blobs

    report, seconds = _timed(lambda: verify_blobs(digests))
    assert report.intact, "the evidence store is damaged"
    paths = [blob_path(d) for d in sorted(set(digests))]
    baseline = _sha256sum(paths)
    megabytes = report.bytes_read / 1024 / 1024
    return {
        "files": report.checked,
        "megabytes": round(megabytes, 1),
        "midora_seconds": round(seconds, 2),
        "midora_mb_per_s": round(megabytes / seconds, 1),
        "sha256sum_seconds": round(baseline, 2),
        "sha256sum_mb_per_s": round(megabytes / baseline, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--big-files", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark's MIDORA_HOME")
    parser.add_argument("--home", help="reuse this MIDORA_HOME (its demo is not reloaded)")
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    home = args.home or tempfile.mkdtemp(prefix="midora-bench-")
    try:
        _setup(home)
        return _run(args)
    finally:
        if args.keep or args.home:
            print(f"MIDORA_HOME kept at {home}", file=sys.stderr)
        else:
            shutil.rmtree(home, ignore_errors=True)


def _run(args: argparse.Namespace) -> int:

    from django.test import Client

    from midora.compliance.models import Control, Evidence, EvidenceVersion, Requirement
    from midora.core.demo_loader import load_demo

    demo_seconds = 0.0
    if not (args.home and Evidence.objects.exists()):
        _summary, demo_seconds = _timed(
            lambda: load_demo(scale=args.scale, seed=2026, password="a-long-bench-password")
        )
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    load_before = os.getloadavg()
    pages = {
        label: _page(client, url, args.requests)
        for label, url in (
            ("crosswalk_page", "/compliance/crosswalk/"),
            ("crosswalk_controls_view", "/compliance/crosswalk/?view=controls&page=2"),
            ("crosswalk_dora_page", "/compliance/crosswalk/?regime=DORA&page=2"),
        )
    }
    load_after = os.getloadavg()
    export, export_seconds = _timed(lambda: client.get("/compliance/crosswalk/?export=xlsx"))
    assert export.status_code == 200
    digests = list(EvidenceVersion.objects.values_list("sha256", flat=True))
    small = _verify(digests)
    big = _verify(store_big_files(args.big_files)) if args.big_files else None
    results = {
        "scale": args.scale,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "database": "sqlite",
        "requirements": Requirement.objects.filter(withdrawn=False, grouping=False).count(),
        "controls": Control.objects.count(),
        "evidence_items": Evidence.objects.count(),
        "evidence_files": len(set(digests)),
        "demo_load_seconds": round(demo_seconds, 1),
        **pages,
        "crosswalk_target_p95_ms": TARGET_P95_MS,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "crosswalk_xlsx_seconds": round(export_seconds, 2),
        "crosswalk_xlsx_bytes": len(export.content),
        "verify_demo_files": small,
        "verify_big_files": big,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0 if pages["crosswalk_page"]["p95_ms"] < TARGET_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
