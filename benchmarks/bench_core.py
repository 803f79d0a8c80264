"""Foundation benchmark: `midora demo --scale N` time and database size, then p95 latency of a core
list page and of a list API call on loopback (gunicorn, 2 workers, sequential requests).

    python -m benchmarks.bench_core [--scale 100] [--requests 300]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from benchmarks.common import midora, served, session_for, time_requests, write_result

PASSWORD = "benchmark-password"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="midora-bench-"))
    env = {**os.environ, "MIDORA_HOME": str(home), "MIDORA_DEMO_PASSWORD": PASSWORD}
    env.pop("MIDORA_DATABASE_URL", None)
    midora(env, "init")
    start = time.perf_counter()
    midora(env, "demo", "--scale", str(args.scale))
    demo_seconds = time.perf_counter() - start
    database = home / "midora.sqlite3"
    size = database.stat().st_size + sum(p.stat().st_size for p in home.glob("midora.sqlite3-*"))

    with served(env) as base:
        session = session_for(base, "compliance", PASSWORD)
        page = time_requests(
            lambda: session.get(f"{base}/functions/?sort=-rto_hours&page=3").status_code,
            args.requests,
        )
        import requests

        token = (
            midora(env, "token", "create", "compliance", "--name", "bench")
            .stdout.strip()
            .splitlines()[-1]
        )
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {token}"
        listing = time_requests(
            lambda: api.get(f"{base}/api/functions/?limit=50&offset=100").status_code, args.requests
        )
        functions = api.get(f"{base}/api/functions/?limit=1").json()["count"]

    write_result(
        f"core-scale{args.scale}",
        {
            "scale": args.scale,
            "demo_load_seconds": round(demo_seconds, 1),
            "database_bytes": size,
            "database_mib": round(size / 2**20, 1),
            "business_functions": functions,
            "list_page_functions": page,
            "list_api_functions": listing,
        },
    )


if __name__ == "__main__":
    main()
