"""Benchmark the crosswalk (page and Excel export) at scale, and `evidence verify` throughput.

Run: ``.venv/bin/python -m benchmarks.bench_compliance [--scale 100] [--big-files 8]``.
Loads the demo group at the given scale into a fresh MIDORA_HOME (all shipped requirements,
~300 controls and 20,000 evidence items at scale 100), then times, as an administrator:

- the crosswalk page (both regimes) and its Excel export;
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


def _setup(home: str) -> None:
    os.environ["MIDORA_HOME"] = home
    os.environ["MIDORA_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "midora.settings")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


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
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="midora-bench-")
    try:
        _setup(home)
        return _run(args)
    finally:
        if args.keep:
            print(f"MIDORA_HOME kept at {home}", file=sys.stderr)
        else:
            shutil.rmtree(home, ignore_errors=True)


def _run(args: argparse.Namespace) -> int:

    from django.test import Client

    from midora.compliance.models import Control, Evidence, EvidenceVersion, Requirement
    from midora.core.demo_loader import load_demo

    _summary, demo_seconds = _timed(
        lambda: load_demo(scale=args.scale, seed=2026, password="a-long-bench-password")
    )
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    client.get("/compliance/crosswalk/")  # warm-up: templates, imports
    page, page_seconds = _timed(lambda: client.get("/compliance/crosswalk/"))
    controls_view, controls_seconds = _timed(
        lambda: client.get("/compliance/crosswalk/?view=controls")
    )
    export, export_seconds = _timed(lambda: client.get("/compliance/crosswalk/?export=xlsx"))
    assert page.status_code == controls_view.status_code == export.status_code == 200
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
        "crosswalk_page_seconds": round(page_seconds, 2),
        "crosswalk_page_bytes": len(page.content),
        "crosswalk_controls_view_seconds": round(controls_seconds, 2),
        "crosswalk_xlsx_seconds": round(export_seconds, 2),
        "crosswalk_xlsx_bytes": len(export.content),
        "verify_demo_files": small,
        "verify_big_files": big,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
