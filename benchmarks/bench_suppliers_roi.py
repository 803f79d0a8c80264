"""Benchmark the Register of Information from the database: 10,000 contractual arrangements.

Loads the demo group at ``--scale 100`` (about 10,000 arrangements, about 100,000 rows across the
templates) into a fresh SQLite database in a temporary MIDORA_HOME, then measures for the
consolidated register of the group:

- export: database -> register rows -> xBRL-CSV zip (``build_register`` + ``export_package``);
- validate: database -> register rows -> every check (``build_register`` + ``validate_register``),
  and the package check (``validate_package``) of the exported zip;
- the floor: Python's csv module writing the same, already formatted rows into a zip.

Run: ``.venv/bin/python -m benchmarks.bench_suppliers_roi [--scale 100] [--home DIR]``.
Writes ``benchmarks/results/suppliers_roi.json``. Targets: export and validate under 10 s and
500 MB peak each; export within 5x of the floor.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import platform
import resource
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results" / "suppliers_roi.json"


def timed(action: Callable[[], Any], repeat: int) -> float:
    """Best wall time of ``repeat`` runs (no tracing: tracemalloc slows Python down)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def peak_mb(action: Callable[[], Any]) -> float:
    """Peak Python allocation of one run, in MB."""
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def floor_export(rows: dict[str, list[list[str]]], headers: dict[str, tuple[str, ...]]) -> None:
    """csv module writing already formatted rows into a zip: the floor of any exporter."""
    with zipfile.ZipFile(io.BytesIO(), "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in rows.items():
            with (
                archive.open(f"x/reports/{name}", "w") as raw,
                io.TextIOWrapper(raw, encoding="utf-8", newline="") as handle,
            ):
                writer = csv.writer(handle, lineterminator="\r\n")
                writer.writerow(headers[name])
                writer.writerows(data)


def setup(home: str | None, scale: int) -> float:
    """Point midora at the benchmark database and load the demo unless it is there already."""
    os.environ["MIDORA_HOME"] = home or tempfile.mkdtemp(prefix="midora-bench-roi-")
    os.environ.pop("MIDORA_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "midora.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from midora.core.demo_loader import load_demo
    from midora.core.models import LegalEntity

    call_command("migrate", interactive=False, verbosity=0)
    if LegalEntity.objects.exists():
        return 0.0
    start = time.perf_counter()
    load_demo(scale=scale, seed=2026, password="benchmark-only-password")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--home", help="reuse this MIDORA_HOME (the demo is loaded once)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    demo_seconds = setup(args.home, args.scale)

    from midora.core.models import LegalEntity
    from midora.suppliers.models import ContractualArrangement
    from midora.suppliers.roi.export import export_package, formatted_rows
    from midora.suppliers.roi.spec import templates
    from midora.suppliers.roi.validate import blocking, validate_package, validate_register
    from midora.suppliers.roi_rows import build_register

    holding = LegalEntity.objects.get(parent__isnull=True, name__contains="Holding")
    reference = dt.date.today()
    built = build_register(holding, reference, "CON")
    register = built.register

    def export() -> bytes:
        fresh = build_register(holding, reference, "CON")
        buffer = io.BytesIO()
        export_package(fresh.register, fresh.params, buffer)
        return buffer.getvalue()

    def validate_database() -> list:
        fresh = build_register(holding, reference, "CON")
        return validate_register(fresh.register, fresh.params)

    package = export()
    specs = templates()
    formatted = {specs[k].file_name: formatted_rows(specs[k], v) for k, v in register.items()}
    headers = {specs[k].file_name: specs[k].column_codes for k in register}

    build_s = timed(lambda: build_register(holding, reference, "CON"), args.repeat)
    export_s = timed(export, args.repeat)
    validate_s = timed(validate_database, args.repeat)
    package_s = timed(lambda: validate_package(io.BytesIO(package)), args.repeat)
    floor_s = timed(lambda: floor_export(formatted, headers), args.repeat)
    findings = validate_database()
    result = {
        "scenario": "RoI of the demo group from the database: export and validate",
        "scale": args.scale,
        "database": "sqlite",
        "arrangements_in_database": ContractualArrangement.objects.count(),
        "arrangements_reported": len(register.get("B_02.01", [])),
        "rows": sum(len(v) for v in register.values()),
        "rows_per_template": {k: len(v) for k, v in register.items()},
        "package_bytes": len(package),
        "demo_load_seconds": round(demo_seconds, 1),
        "build_rows_from_database_seconds": round(build_s, 3),
        "export_seconds": round(export_s, 3),
        "validate_database_seconds": round(validate_s, 3),
        "validate_package_seconds": round(package_s, 3),
        "floor_csv_zip_seconds": round(floor_s, 3),
        "export_to_floor_ratio": round(export_s / floor_s, 2),
        "export_without_database_to_floor_ratio": round((export_s - build_s) / floor_s, 2),
        "export_peak_mb_tracemalloc": round(peak_mb(export), 1),
        "validate_peak_mb_tracemalloc": round(peak_mb(validate_database), 1),
        "validate_package_peak_mb_tracemalloc": round(
            peak_mb(lambda: validate_package(io.BytesIO(package))), 1
        ),
        "process_max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "findings": len(findings),
        "blocking_findings": len(blocking(findings)),
        "targets": {"seconds": 10, "peak_mb": 500, "floor_ratio": 5},
        "machine": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
