"""Benchmark: classify incidents in-process and through `midora incident classify` (issue 17).

Usage: python -m benchmarks.bench_incident_classify [COUNT] [--no-cli]   (default 100000)

1. In-process: COUNT generated cases through the engine (fact parsing, RTS-C Art 8, RTS-R Art 5
   deadlines, DORA 19(3)); goal < 2 s per 100,000. Measured beside, in the same run: the same
   cases with explanations, and the pre-issue-17 engine (tests/incidents/legacy_engine) on a
   sample, so the speed-up is a ratio that a busy machine does not decide.
2. Command: the COUNT cases written as one JSON document; `midora incident classify FILE`
   (a fresh process, output to a file) against `json.load` + `json.dump` of that file;
   goal: at most 5 times the json baseline.
Times are CPU seconds (process time; for the command, the child's user + system time), so that
other work on a shared machine does not decide the verdict; wall times are recorded beside.
Writes benchmarks/results/incident_classify.json.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.common import MIDORA, write_result
from midora.incidents.engine.vectors import classify_case, holiday_lists

VECTORS = Path(__file__).parents[1] / "src" / "midora" / "data" / "incidents"
GOAL_SECONDS_PER_100K = 2.0
GOAL_CLI_RATIO = 5.0
LEGACY_SAMPLE = 5_000


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


def _meta() -> dict:
    import yaml

    text = (VECTORS / "dora-incident-test-vectors.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["meta"]


def _timed(work) -> float:
    """CPU seconds of `work` in this process (the machine is shared: wall time is noted apart)."""
    began = time.process_time()
    work()
    return time.process_time() - began


def in_process(cases: list[dict], meta: dict) -> dict:
    lists = holiday_lists(meta["holidays"])
    majors = 0

    def brief() -> None:
        nonlocal majors
        majors = sum(1 for case in cases if classify_case(case, lists, explain=False)["major"])

    wall = time.perf_counter()
    seconds = _timed(brief)
    wall = time.perf_counter() - wall
    explained = _timed(lambda: [classify_case(case, lists) for case in cases])
    sample = cases[:LEGACY_SAMPLE]
    new_sample = _timed(lambda: [classify_case(case, lists, explain=False) for case in sample])
    legacy_sample = _legacy_seconds(sample, meta)
    per_100k = seconds / len(cases) * 100_000
    return {
        "count": len(cases),
        "major": majors,
        "seconds": round(seconds, 3),
        "wall_seconds": round(wall, 3),
        "seconds_per_100k": round(per_100k, 3),
        "microseconds_each": round(seconds / len(cases) * 1e6, 1),
        "seconds_with_explanations": round(explained, 3),
        "goal_seconds_per_100k": GOAL_SECONDS_PER_100K,
        "verdict": "pass" if per_100k < GOAL_SECONDS_PER_100K else "miss",
        "legacy_engine_sample": {
            "count": len(sample),
            "legacy_seconds": round(legacy_sample, 3) if legacy_sample else None,
            "new_seconds": round(new_sample, 3),
            "speed_up": round(legacy_sample / new_sample, 1) if legacy_sample else None,
        },
    }


def _legacy_seconds(sample: list[dict], meta: dict) -> float | None:
    """The engine before issue 17 (kept in the tests) on the same sample, if present."""
    try:
        from tests.incidents.legacy_engine import vectors as legacy
    except ImportError:
        return None
    lists = legacy._holiday_lists(meta["holidays"])
    return _timed(lambda: [legacy.classify_case(case, lists) for case in sample])


def command(cases: list[dict], meta: dict) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "cases.json"
        doc = {"meta": meta, "vectors": [{"id": f"C{i}", "input": c} for i, c in enumerate(cases)]}
        source.write_text(json.dumps(doc, default=str), encoding="utf-8")
        copy = Path(tmp) / "copy.json"

        def baseline() -> None:
            with source.open(encoding="utf-8") as fh:
                loaded = json.load(fh)
            with copy.open("w", encoding="utf-8") as fh:
                json.dump(loaded, fh)

        json_seconds = _timed(baseline)
        output = Path(tmp) / "results.json"
        with output.open("w", encoding="utf-8") as out:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            began = time.perf_counter()
            subprocess.run([*MIDORA, "incident", "classify", str(source)], stdout=out, check=True)
            cli_wall = time.perf_counter() - began
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cli_seconds = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        results = json.loads(output.read_text(encoding="utf-8"))
        assert len(results) == len(cases)
        ratio = cli_seconds / json_seconds
        return {
            "file_mib": round(source.stat().st_size / 2**20, 1),
            "json_load_dump_seconds": round(json_seconds, 3),
            "cli_seconds": round(cli_seconds, 3),
            "cli_wall_seconds": round(cli_wall, 3),
            "ratio": round(ratio, 2),
            "goal_ratio": GOAL_CLI_RATIO,
            "verdict": "pass" if ratio <= GOAL_CLI_RATIO else "miss",
        }


def main(argv: list[str]) -> int:
    count = int(next((a for a in argv if a.isdigit()), 100_000))
    meta = _meta()
    cases = generate(count)
    result = {"in_process": in_process(cases, meta)}
    if "--no-cli" not in argv:
        result["command"] = command(cases, meta)
    write_result("incident_classify", result)
    ip = result["in_process"]
    print(
        f"classify {count:,} in-process: {ip['seconds']} s ({ip['seconds_per_100k']} s per "
        f"100,000, goal < {GOAL_SECONDS_PER_100K} s: {ip['verdict']}); "
        f"speed-up over the previous engine x{ip['legacy_engine_sample']['speed_up']}"
    )
    if "command" in result:
        cmd = result["command"]
        print(
            f"midora incident classify: {cmd['cli_seconds']} s vs json load+dump "
            f"{cmd['json_load_dump_seconds']} s: ratio {cmd['ratio']} "
            f"(goal <= {GOAL_CLI_RATIO}: {cmd['verdict']})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
