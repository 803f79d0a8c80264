"""Benchmark: API intake latency on loopback (gunicorn) with the demo data loaded.

Usage: python benchmarks/bench_incident_api.py [--requests N] [--clients C] [--workers W]
       [--scale S]   (defaults 2000 requests, 8 clients, 4 workers, scale 1)
       [--home DIR]  (a MIDORA_HOME whose demo is already loaded, with a token in DIR/token.txt)
Set MIDORA_DATABASE_URL to run on PostgreSQL (a scratch database: the demo is loaded with --reset).
Writes benchmarks/results/incident_api_<database>.json. Every 10th request repeats an earlier
Idempotency-Key (a retried call): it must return 200 with the same id, never a duplicate.
The CPU time of the server's processes during the timed requests (web workers, background worker)
is read from /proc and given per request: on a shared machine it moves less than the latencies.
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


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def server_cpu(root: int) -> dict[str, float]:
    """CPU seconds used so far by the server's processes: the web workers (gunicorn's master
    included) and the background worker (`midora worker`)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out = {"web": 0.0, "background": 0.0}
    todo = [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            out["background" if b"worker" in argv[-3:] else "web"] += _cpu_seconds(pid)
        except OSError:
            continue
    return out


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
    parser.add_argument("--home", help="a MIDORA_HOME with the demo loaded and DIR/token.txt")
    opts = parser.parse_args()
    home = opts.home or tempfile.mkdtemp(prefix="midora-bench-")
    env = {**os.environ, "MIDORA_HOME": home, "MIDORA_DEMO_PASSWORD": "bench-password-123"}
    if opts.home:
        token = Path(home, "token.txt").read_text().strip()
    else:
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
        cpu_before = server_cpu(server.pid)
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
        elapsed = time.perf_counter() - started
        cpu_after = server_cpu(server.pid)
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
        # CPU of the server's processes during the timed requests, per request
        "server_cpu_ms_per_request": {
            kind: round((cpu_after[kind] - cpu_before[kind]) * 1000 / len(out), 1)
            for kind in cpu_after
        },
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
