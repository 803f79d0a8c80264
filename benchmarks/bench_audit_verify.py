"""`midora audit verify` at a scale: the hash chain and every tracked row against its trail,
checked in one read of the trail.

    python -m benchmarks.bench_audit_verify [--scale 10]

Loads the demo at the scale in a throwaway MIDORA_HOME (SQLite), then times the whole command
(process start to exit) and checks that it exits 0; then changes one row behind midora's back
and times the failing run, which must exit 1 naming that record. The load average before and
after is recorded with the figures (on a shared machine they vary with it).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from benchmarks.common import midora, write_result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="midora-bench-verify-"))
    env = {**os.environ, "MIDORA_HOME": str(home)}
    env.pop("MIDORA_DATABASE_URL", None)
    midora(env, "init")
    started = time.perf_counter()
    midora(env, "demo", "--scale", str(args.scale))
    demo_seconds = time.perf_counter() - started
    database = home / "midora.sqlite3"
    with sqlite3.connect(database) as db:
        events = db.execute("SELECT COUNT(*) FROM core_auditevent").fetchone()[0]

    load_before = os.getloadavg()
    started = time.perf_counter()
    intact = midora(env, "audit", "verify", check=False)
    verify_seconds = time.perf_counter() - started
    if intact.returncode != 0:
        raise SystemExit(f"verify failed on the demo:\n{intact.stderr[-3000:]}")

    with sqlite3.connect(database) as db:
        row = db.execute("SELECT id FROM ictrisk_risk ORDER BY id LIMIT 1").fetchone()
        db.execute(
            "UPDATE ictrisk_risk SET residual_impact = residual_impact % 5 + 1 WHERE id = ?", row
        )
    started = time.perf_counter()
    tampered = midora(env, "audit", "verify", check=False)
    tampered_seconds = time.perf_counter() - started
    named = f"ictrisk.risk #{row[0]}: residual_impact" in tampered.stderr
    if tampered.returncode != 1 or not named:
        raise SystemExit(f"verify missed the edited risk:\n{tampered.stderr[-3000:]}")

    write_result(
        f"audit-verify-scale{args.scale}",
        {
            "scale": args.scale,
            "database": "sqlite",
            "demo_load_seconds": round(demo_seconds, 1),
            "audit_events": events,
            "verify_seconds": round(verify_seconds, 1),
            "verify_after_tampering_seconds": round(tampered_seconds, 1),
            "verify_output": intact.stdout.strip(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
    )


if __name__ == "__main__":
    main()
