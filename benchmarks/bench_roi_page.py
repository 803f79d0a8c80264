"""Benchmark the Register of Information page of the group's consolidated register, shown from
the stored build and validation, against rebuilding and revalidating it (what every GET did
before), in the same run.

Loads the demo at ``--scale 100`` (default, about 10,000 arrangements, as ``make bench`` runs it;
``--scale 10``: about 1,000) into a temporary MIDORA_HOME (or reuses ``--home``), stores the
consolidated register of the holding once, then times the page (Django test client, in-process, signed in as the demo administrator) and the
rebuild (``POST /third-parties/roi/validate/``).

Run: ``.venv/bin/python -m benchmarks.bench_roi_page [--scale 10] [--home DIR] [--requests 60]``.
Writes ``benchmarks/results/roi_page.json``. Target: page p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time

from benchmarks.bench_suppliers_roi import setup
from benchmarks.common import percentiles, time_requests, write_result

TARGET_P95_MS = 100.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--home", help="reuse this MIDORA_HOME (the demo is loaded once)")
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--rebuilds", type=int, default=5)
    args = parser.parse_args()
    os.environ["MIDORA_OTP_REQUIRED_ROLES"] = "none"  # the test client signs in without a code
    setup(args.home, args.scale)

    from django.contrib.auth import get_user_model
    from django.test import Client

    from midora.core.models import LegalEntity
    from midora.suppliers.models import ContractualArrangement, RegisterResult
    from midora.suppliers.roi.dates import last_reference_date

    holding = LegalEntity.objects.get(parent__isnull=True, name__contains="Holding")
    reference = last_reference_date(dt.date.today())
    query = f"?entity={holding.pk}&date={reference.isoformat()}&level=CON"
    client = Client(SERVER_NAME="localhost")
    client.force_login(get_user_model().objects.get(username="admin"))

    def rebuild() -> int:
        return client.post(f"/third-parties/roi/validate/{query}").status_code

    rebuild()
    if not RegisterResult.objects.filter(entity=holding, level="CON").exists():
        raise RuntimeError("the rebuild stored no result")
    rebuilds = []
    for _ in range(args.rebuilds):
        start = time.perf_counter()
        if rebuild() != 302:
            raise RuntimeError("the rebuild was refused")
        rebuilds.append((time.perf_counter() - start) * 1000)
    shown = client.get(f"/third-parties/roi/{query}").content.decode()
    if "Up to date" not in shown:
        raise RuntimeError("the page does not show the stored result as up to date")
    page = time_requests(
        lambda: client.get(f"/third-parties/roi/{query}").status_code, args.requests
    )
    rebuilt = percentiles(rebuilds) if len(rebuilds) > 1 else {"p50_ms": rebuilds[0]}
    result = {
        "scale": args.scale,
        "arrangements": ContractualArrangement.objects.count(),
        "register": f"{holding.lei}.CON {reference.isoformat()}",
        "page_from_stored_result": page,
        "rebuild_and_validate": rebuilt,
        "speed_up_p50": round(rebuilt["p50_ms"] / page["p50_ms"], 1),
        "target_p95_ms": TARGET_P95_MS,
        "within_target": page["p95_ms"] < TARGET_P95_MS,
    }
    write_result("roi_page", result)
    return 0 if result["within_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
