"""Benchmark: classify generated incidents in-process (RTS-C Art 8; RTS-R Art 5 deadlines).

Usage: python benchmarks/bench_incident_classify.py [COUNT]   (default 100000)
Writes benchmarks/results/incident_classify.json.
"""

from __future__ import annotations

import json
import os
import platform
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from midora.incidents.engine.vectors import classify_case

RESULTS = Path(__file__).parent / "results" / "incident_classify.json"


def generate(count: int, seed: int = 20250117) -> list[dict]:
    """Incident cases in the worked-examples input format, with varied figures."""
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    cases = []
    for _ in range(count):
        occurred = start + timedelta(minutes=rng.randrange(0, 500_000))
        aware = occurred + timedelta(minutes=rng.randrange(0, 600))
        classified = aware + timedelta(minutes=rng.randrange(0, 3000))
        initial = classified + timedelta(minutes=rng.randrange(0, 300))
        using = rng.randrange(1_000, 500_000)
        cases.append(
            {
                "entity": {
                    "type": "crypto_asset_service_provider",
                    "member_state": "FR",
                    "timezone": "Europe/Paris",
                },
                "bank_holidays": "FR_2025",
                "incident": {
                    "services_affected": [
                        {
                            "name": "svc",
                            "authorised_crypto_asset_service": True,
                            "supports_critical_or_important_function": rng.random() < 0.7,
                        }
                    ],
                    "successful_malicious_unauthorised_access": rng.random() < 0.05,
                    "clients_using_service": using,
                    "clients_affected": rng.randrange(0, using // 5),
                    "reputational": {"media": rng.random() < 0.1},
                    "occurred_at": occurred.isoformat(),
                    "resolved_at": (
                        occurred + timedelta(minutes=rng.randrange(0, 2000))
                    ).isoformat(),
                    "service_downtime": f"PT{rng.randrange(0, 300)}M",
                    "member_states_impacted": rng.sample(
                        ["FR", "DE", "IT", "ES"], rng.randint(1, 2)
                    ),
                    "costs_eur": {
                        "redress": rng.randrange(0, 80_000),
                        "advisory": rng.randrange(0, 60_000),
                    },
                    "impact_on_financial_interests_of_clients": rng.random() < 0.3,
                },
                "timeline": {
                    "aware_at": aware.isoformat(),
                    "classified_at": classified.isoformat(),
                    "initial_submitted_at": initial.isoformat(),
                    "latest_intermediate_submitted_at": (initial + timedelta(hours=70)).isoformat(),
                },
            }
        )
    return cases


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 100_000
    from midora.incidents.engine.vectors import _holiday_lists

    refs = Path(__file__).parents[1] / "src" / "midora" / "data" / "incidents"
    import yaml

    meta = yaml.safe_load((refs / "dora-incident-test-vectors.yaml").read_text())["meta"]
    lists = _holiday_lists(meta["holidays"])
    cases = generate(count)
    began = time.perf_counter()
    majors = sum(1 for case in cases if classify_case(case, lists)["major"])
    elapsed = time.perf_counter() - began
    result = {
        "scenario": "classify incidents in-process (facts parsing, RTS-C Art 8, RTS-R Art 5)",
        "count": count,
        "major": majors,
        "seconds": round(elapsed, 3),
        "per_second": round(count / elapsed, 1),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
