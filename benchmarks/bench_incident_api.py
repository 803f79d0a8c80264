"""Benchmark: API intake latency on loopback (gunicorn) with the demo data loaded.

Usage: python benchmarks/bench_incident_api.py [--requests N] [--clients C] [--workers W]
       [--scale S]   (defaults 2000 requests, 8 clients, 4 workers, scale 1)
Set MIDORA_DATABASE_URL to run on PostgreSQL (a scratch database: the demo is loaded with --reset).
Writes benchmarks/results/incident_api_<database>.json. Every 10th request repeats an earlier
Idempotency-Key (a retried call): it must return 200 with the same id, never a duplicate.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
MIDORA = str(Path(sys.executable).with_name("midora"))


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([MIDORA, *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not start on port {port}")


def entity_id(port: int, token: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/api/entities/?limit=10", headers={"Authorization": f"Bearer {token}"})
    items = json.loads(conn.getresponse().read())["items"]
    return next(e["id"] for e in items if e["country"] == "DE")


def body(entity: int, n: int) -> bytes:
    return json.dumps(
        {
            "entity_id": entity,
            "title": f"SIEM alert {n}: API error rate above threshold",
            "occurred_at": "2025-06-02T10:00:00+02:00",
            "aware_at": "2025-06-02T10:20:00+02:00",
            "resolved_at": "2025-06-02T11:05:00+02:00",
            "crypto_services": ["trading_platform"],
            "impact": {
                "clients_using_service": 180000,
                "clients_affected": 1200 + n % 500,
                "service_downtime": "PT45M",
                "member_states_impacted": ["DE"],
                "costs_eur": {"staff_overtime": str(1000 + n)},
            },
        }
    ).encode()


def client(
    port: int, token: str, entity: int, numbers: list[int], out: list, lock: threading.Lock
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    local = []
    for n in numbers:
        key = f"bench-{n - 5 if n % 10 == 9 and n >= 5 else n}"
        headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": key,
        }
        start = time.perf_counter()
        conn.request("POST", "/api/incidents/", body=body(entity, n), headers=headers)
        response = conn.getresponse()
        payload = response.read()
        local.append((time.perf_counter() - start, response.status, key, payload))
    with lock:
        out.extend(local)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--scale", type=int, default=1)
    opts = parser.parse_args()
    home = tempfile.mkdtemp(prefix="midora-bench-")
    env = {**os.environ, "MIDORA_HOME": home, "MIDORA_DEMO_PASSWORD": "bench-password-123"}
    run(["init"], env)
    run(["demo", "--reset", "--scale", str(opts.scale)], env)
    token = run(["token", "create", "ciso", "--name", "bench"], env).strip()
    port = free_port()
    server = subprocess.Popen(
        [MIDORA, "serve", "--port", str(port), "--workers", str(opts.workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port, time.monotonic() + 60)
        entity = entity_id(port, token)
        numbers = list(range(opts.requests))
        shares = [numbers[i :: opts.clients] for i in range(opts.clients)]
        out: list = []
        lock = threading.Lock()
        threads = [
            threading.Thread(target=client, args=(port, token, entity, s, out, lock))
            for s in shares
        ]
        load_before = os.getloadavg()
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies = sorted(lat for lat, *_ in out)
    statuses: dict[int, int] = {}
    ids: dict[str, set] = {}
    for _lat, status, key, payload in out:
        statuses[status] = statuses.get(status, 0) + 1
        if status in (200, 201):
            ids.setdefault(key, set()).add(json.loads(payload)["id"])
    errors = sorted({p.decode()[:300] for _l, st, _k, p in out if st not in (200, 201)})[:5]
    duplicates = sum(1 for v in ids.values() if len(v) > 1)
    q = statistics.quantiles(latencies, n=100)
    result = {
        "benchmark": "incident API intake (POST /api/incidents/ with Idempotency-Key)",
        "requests": len(out),
        "clients": opts.clients,
        "gunicorn_workers": opts.workers,
        "demo_scale": opts.scale,
        "database": "postgresql" if os.environ.get("MIDORA_DATABASE_URL") else "sqlite",
        "statuses": statuses,
        "keys_with_more_than_one_incident": duplicates,
        "error_samples": errors,
        "p50_ms": round(q[49] * 1000, 1),
        "p95_ms": round(q[94] * 1000, 1),
        "p99_ms": round(q[98] * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1),
        "throughput_rps": round(len(out) / elapsed, 1),
        # the machine is shared: the load average before and after the timed requests
        "load_average_before": [round(v, 2) for v in load_before],
        "load_average_after": [round(v, 2) for v in os.getloadavg()],
        "machine": {"python": platform.python_version(), "cpu_count": os.cpu_count()},
    }
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"incident_api_{result['database']}.json"
    target.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0 if duplicates == 0 and set(statuses) <= {200, 201} else 1


if __name__ == "__main__":
    raise SystemExit(main())
