"""One table of every goal: work, goal, measured, ratio, verdict, read from benchmarks/results/.

`make bench` prints it after the runs (and writes it to benchmarks/results/summary.md); run it
alone with `.venv/bin/python -m benchmarks.summary` to read the latest results again. A goal
whose benchmark has not run (or ran without the part it needs) reads "not run", never "pass".
Ratios compare with a baseline measured in the same run, so a busy machine moves both sides.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"


@dataclass(frozen=True)
class Goal:
    work: str
    goal: str
    result: str  # the result file in benchmarks/results/
    measured: Callable[[dict], Any]  # the figure shown (raises KeyError/IndexError when absent)
    passes: Callable[[dict], bool]
    ratio: Callable[[dict], Any] | None = None  # against the same run's baseline


def _page(result: dict, label: str) -> dict:
    return next(p for p in result["pages"] if p["page"] == label)


def _scale(result: dict, scale: int) -> dict:
    return next(r for r in result["runs"] if r["scale"] == scale)


def _boardpack_ratio(r: dict) -> float:
    return round(_scale(r, 100)["pack_seconds"] / _scale(r, 1)["pack_seconds"], 2)


GOALS: list[Goal] = [
    Goal(
        "classify 100,000 incidents in-process",
        "< 2 s",
        "incident_classify.json",
        lambda r: f"{r['in_process']['seconds_per_100k']} s",
        lambda r: r["in_process"]["seconds_per_100k"] < 2,
    ),
    Goal(
        "`midora incident classify`, 100,000 cases",
        "<= 5x json load+dump",
        "incident_classify.json",
        lambda r: f"{r['command']['cli_seconds']} s",
        lambda r: r["command"]["ratio"] <= 5,
        lambda r: r["command"]["ratio"],
    ),
    Goal(
        "board pack, scale 100",
        "< 15 s",
        "boardpack.json",
        lambda r: f"{_scale(r, 100)['pack_seconds']} s",
        lambda r: _scale(r, 100)["pack_seconds"] < 15,
    ),
    Goal(
        "board pack, scale 100 against scale 1",
        "<= 2.5x",
        "boardpack.json",
        lambda r: f"{_scale(r, 100)['pack_seconds']} s / {_scale(r, 1)['pack_seconds']} s",
        lambda r: _boardpack_ratio(r) <= 2.5,
        _boardpack_ratio,
    ),
    Goal(
        "risk API list, 50 items",
        "p95 < 50 ms",
        "risk_register.json",
        lambda r: f"p95 {_page(r, 'register list (API, 50)')['p95_ms']} ms",
        lambda r: _page(r, "register list (API, 50)")["p95_ms"] < 50,
    ),
    Goal(
        "risk register page 500",
        "p95 < 100 ms",
        "risk_register.json",
        lambda r: f"p95 {_page(r, 'register list, page 500 (web)')['p95_ms']} ms",
        lambda r: _page(r, "register list, page 500 (web)")["p95_ms"] < 100,
    ),
    Goal(
        "Register of Information page, group consolidated (stored result)",
        "p95 < 100 ms",
        "roi_page.json",
        lambda r: f"p95 {r['page_from_stored_result']['p95_ms']} ms (scale {r['scale']})",
        lambda r: r["page_from_stored_result"]["p95_ms"] < 100,
        lambda r: round(
            r["page_from_stored_result"]["p50_ms"] / r["rebuild_and_validate"]["p50_ms"], 2
        ),
    ),
    Goal(
        "crosswalk page, scale 100",
        "p95 < 100 ms",
        "compliance.json",
        lambda r: (
            f"p95 {r['crosswalk_page']['p95_ms']} ms, p50 {r['crosswalk_page']['p50_ms']} ms"
            f" (scale {r['scale']}, load {r['load_average_before'][0]})"
        ),
        lambda r: r["crosswalk_page"]["p95_ms"] < 100,
    ),
    Goal(
        "`evidence verify`, 20,000 small files",
        ">= 0.8x sha256sum",
        "evidence_verify.json",
        lambda r: f"{r['small_files']['midora_mb_per_s']} MB/s",
        lambda r: r["small_files"]["ratio"] >= 0.8,
        lambda r: r["small_files"]["ratio"],
    ),
    Goal(
        "`evidence verify`, 64 MB files",
        ">= 0.8x sha256sum",
        "evidence_verify.json",
        lambda r: f"{r['big_files']['midora_mb_per_s']} MB/s",
        lambda r: r["big_files"]["ratio"] >= 0.8,
        lambda r: r["big_files"]["ratio"],
    ),
    Goal(
        "incident intake, 8 clients, SQLite",
        "p95 < 100 ms",
        "incident_api_sqlite.json",
        lambda r: (
            f"p95 {r['p95_ms']} ms, p50 {r['p50_ms']} ms, {r['throughput_rps']} requests/s"
            + (f" (load {r['load_average_before'][0]})" if "load_average_before" in r else "")
        ),
        lambda r: r["p95_ms"] < 100,
    ),
]


def _load(name: str) -> dict | None:
    path = RESULTS / name
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def rows() -> list[tuple[str, str, str, str, str]]:
    table = []
    for goal in GOALS:
        result = _load(goal.result)
        try:
            if result is None:
                raise KeyError(goal.result)
            measured = str(goal.measured(result))
            ratio = goal.ratio(result) if goal.ratio else None
            verdict = "pass" if goal.passes(result) else "miss"
        except (KeyError, IndexError, StopIteration):
            measured, ratio, verdict = "—", None, "not run"
        table.append(
            (goal.work, goal.goal, measured, "—" if ratio is None else f"{ratio}x", verdict)
        )
    return table


def render() -> str:
    lines = [
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.platform()}; load average {os.getloadavg()[0]:.1f} when summarised.",
        "",
        "| work | goal | measured | ratio | verdict |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {' | '.join(row)} |" for row in rows()]
    return "\n".join(lines) + "\n"


def main() -> int:
    text = render()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "summary.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
