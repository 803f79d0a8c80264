"""Benchmark the RoI export and validation on 10,000 contractual arrangements.

Run: ``.venv/bin/python benchmarks/bench_roi.py [--arrangements N]``. Writes
``benchmarks/results/roi.json``. Targets: export and validate < 10 s each, < 500 MB peak memory
each, export within 5x of the floor (the csv module writing pre-formatted rows into a zip).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import resource
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from stdnum.iso7064 import mod_97_10

from midora.suppliers.roi.export import export_package, formatted_rows
from midora.suppliers.roi.package import ReportParameters
from midora.suppliers.roi.spec import templates
from midora.suppliers.roi.validate import blocking, validate_package
from midora.suppliers.roi.values import Register

RESULTS = Path(__file__).parent / "results" / "roi.json"
LEI_TYPE = "eba_qCO:qx2000"


def lei(n: int, prefix: str) -> str:
    """A valid LEI numbered n."""
    base = f"{prefix}{n:012d}"
    return base + mod_97_10.calc_check_digits(base)


def generate(arrangements: int) -> tuple[Register, ReportParameters]:
    """A scaled CASP group: ~10 rows per arrangement across the templates."""
    casp = lei(0, "529900")
    entities = [lei(i, "529900") for i in range(20)]
    providers = [lei(i, "549300") for i in range(max(arrangements // 5, 2))]
    functions = [f"F-{i:04d}" for i in range(200)]
    services = [f"eba_TA:S{n:02d}" for n in range(1, 20)]
    reg: Register = {k: [] for k in templates()}
    reg["B_01.01"].append(
        {
            "c0010": casp,
            "c0020": "Scaled CASP",
            "c0030": "eba_GA:FR",
            "c0040": "eba_CT:x303",
            "c0050": "AMF",
            "c0060": date(2025, 12, 31),
        }
    )
    for i, entity in enumerate(entities):
        reg["B_01.02"].append(
            {
                "c0010": entity,
                "c0020": f"Entity {i}",
                "c0030": "eba_GA:FR",
                "c0040": "eba_CT:x303",
                "c0050": "eba_RP:x53" if i == 0 else "eba_RP:x56",
                "c0060": casp,
                "c0070": date(2025, 11, 30),
                "c0080": date(2025, 1, 1),
                "c0090": date(9999, 12, 31),
                "c0100": "eba_CU:EUR",
                "c0110": Decimal("1000000"),
            }
        )
    for i, entity in enumerate(entities):
        for function in functions:
            reg["B_06.01"].append(
                {
                    "c0010": function,
                    "c0020": "eba_TA:x228",
                    "c0030": f"Function {function}",
                    "c0040": entity,
                    "c0050": "eba_BT:x28",
                    "c0060": "Critical for custody",
                    "c0070": date(2025, 10, 1),
                    "c0080": 4 + i,
                    "c0090": 1,
                    "c0100": "eba_ZZ:x793",
                }
            )
    for p, provider in enumerate(providers):
        reg["B_05.01"].append(
            {
                "c0010": provider,
                "c0020": LEI_TYPE,
                "c0030": None,
                "c0040": None,
                "c0050": f"Provider {p}",
                "c0060": f"Provider {p}",
                "c0070": "eba_CT:x212",
                "c0080": "eba_GA:IE",
                "c0090": "eba_CU:EUR",
                "c0100": Decimal("250000.00"),
                "c0110": provider,
                "c0120": LEI_TYPE,
            }
        )
    for a in range(arrangements):
        ref = f"CA-{a:06d}"
        provider, entity = providers[a % len(providers)], entities[a % len(entities)]
        sub = providers[(a + 1) % len(providers)]
        service = services[a % len(services)]
        reg["B_02.01"].append(
            {
                "c0010": ref,
                "c0020": "eba_CO:x1",
                "c0030": None,
                "c0040": "eba_CU:EUR",
                "c0050": Decimal(f"{1000 + a}.50"),
            }
        )
        for f in range(2):
            reg["B_02.02"].append(
                {
                    "c0010": ref,
                    "c0020": entity,
                    "c0030": provider,
                    "c0040": LEI_TYPE,
                    "c0050": functions[(a + f) % len(functions)],
                    "c0060": service,
                    "c0070": date(2024, 1, 1),
                    "c0080": date(2027, 12, 31),
                    "c0090": None,
                    "c0100": 90,
                    "c0110": 180,
                    "c0120": "eba_GA:FR",
                    "c0130": "eba_GA:IE",
                    "c0140": "eba_BT:x28",
                    "c0150": "eba_GA:IE",
                    "c0160": "eba_GA:DE",
                    "c0170": "eba_ZZ:x793",
                    "c0180": "eba_ZZ:x797",
                }
            )
        reg["B_03.01"].append({"c0010": ref, "c0020": entity, "c0030": True})
        reg["B_03.02"].append({"c0010": ref, "c0020": provider, "c0030": LEI_TYPE})
        reg["B_04.01"].append(
            {"c0010": ref, "c0020": entity, "c0030": "eba_ZZ:x839", "c0040": "N/A"}
        )
        for rank, (code, recipient) in enumerate(((provider, provider), (sub, provider)), 1):
            reg["B_05.02"].append(
                {
                    "c0010": ref,
                    "c0020": service,
                    "c0030": code,
                    "c0040": LEI_TYPE,
                    "c0050": rank,
                    "c0060": recipient,
                    "c0070": LEI_TYPE,
                }
            )
        reg["B_07.01"].append(
            {
                "c0010": ref,
                "c0020": provider,
                "c0030": LEI_TYPE,
                "c0040": service,
                "c0050": "eba_ZZ:x960",
                "c0060": "eba_ZZ:x964",
                "c0070": date(2025, 6, 30),
                "c0080": "eba_BT:x28",
                "c0090": "eba_ZZ:x966",
                "c0100": "eba_ZZ:x793",
                "c0110": "eba_BT:x28",
                "c0120": "Alternative provider",
            }
        )
    reg["B_99.01"].append({"c0010": "Single contract"})
    reg = {k: v for k, v in reg.items() if v}
    return reg, ReportParameters(casp, date(2025, 12, 31), "EUR", "FR", "IND")


def measure(action: Callable[[], Any]) -> tuple[float, float, Any]:
    """Seconds and tracemalloc peak (MB) of one call."""
    tracemalloc.start()
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 1e6, result


def timed(action: Callable[[], Any]) -> float:
    """Wall seconds without tracing (tracemalloc slows Python several times)."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def floor_export(
    rows: dict[str, list[list[str]]], headers: dict[str, tuple[str, ...]], out: io.BytesIO
) -> None:
    """The floor: csv module writing already formatted rows into a zip."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in rows.items():
            with (
                archive.open(f"x/reports/{name}", "w") as raw,
                io.TextIOWrapper(raw, encoding="utf-8", newline="") as handle,
            ):
                writer = csv.writer(handle, lineterminator="\r\n")
                writer.writerow(headers[name])
                writer.writerows(data)


def main() -> int:
    """Run the scenario and write the JSON result."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--arrangements", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    register, params = generate(args.arrangements)
    row_count = sum(len(v) for v in register.values())
    moment = datetime(2026, 1, 15, tzinfo=UTC)

    def do_export() -> io.BytesIO:
        buffer = io.BytesIO()
        export_package(register, params, buffer, moment=moment)
        buffer.seek(0)
        return buffer

    specs = templates()
    pre = {specs[k].file_name: formatted_rows(specs[k], v) for k, v in register.items()}
    heads = {specs[k].file_name: specs[k].column_codes for k in register}
    export_s = min(timed(do_export) for _ in range(args.repeat))
    floor_s = min(timed(lambda: floor_export(pre, heads, io.BytesIO())) for _ in range(args.repeat))
    package = do_export()
    size = len(package.getvalue())
    validate_s = min(
        timed(lambda: validate_package(io.BytesIO(package.getvalue()))) for _ in range(args.repeat)
    )
    _, export_peak, _ = measure(do_export)
    _, validate_peak, findings = measure(lambda: validate_package(io.BytesIO(package.getvalue())))
    result = {
        "scenario": "roi export + validate",
        "arrangements": args.arrangements,
        "rows": row_count,
        "rows_per_template": {k: len(v) for k, v in register.items()},
        "package_bytes": size,
        "export_seconds": round(export_s, 3),
        "validate_seconds": round(validate_s, 3),
        "floor_csv_zip_seconds": round(floor_s, 3),
        "export_to_floor_ratio": round(export_s / floor_s, 2),
        "export_peak_mb_tracemalloc": round(export_peak, 1),
        "validate_peak_mb_tracemalloc": round(validate_peak, 1),
        "process_max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "findings": len(findings),
        "blocking_findings": len(blocking(findings)),
        "targets": {"seconds": 10, "peak_mb": 500, "floor_ratio": 5},
        "machine": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
