"""Benchmark `evidence verify` throughput against `sha256sum` on the same stored files.

Run: ``.venv/bin/python -m benchmarks.bench_evidence_verify [--small 20000] [--big 4]``.
Fills a throwaway evidence store with `--small` files of 1-8 KB and `--big` files of 64 MB, then
re-hashes them with midora's verifier and with `sha256sum` (through xargs), each twice with the
page cache warm; the best of each is compared. Goal: midora at least 0.8 times `sha256sum`'s
throughput on both sets. Writes ``benchmarks/results/evidence_verify.json``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

from benchmarks.common import store_big_files, write_result

GOAL_RATIO = 0.8


def _setup(home: str) -> None:
    os.environ["MIDORA_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "midora.settings")
    import django

    django.setup()


def _small_files(count: int) -> list[str]:
    from midora.compliance.evidence_store import store_bytes

    rng = random.Random(2026)
    return [
        store_bytes(rng.randbytes(rng.randint(1024, 8192)), durable=False).sha256
        for _ in range(count)
    ]


def _best(fn, runs: int = 2) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def _compare(digests: list[str]) -> dict:
    from midora.compliance.evidence_store import blob_path, verify_blobs

    listing = "\0".join(str(blob_path(d)) for d in sorted(set(digests))).encode()

    def sha256sum() -> None:
        subprocess.run(
            ["xargs", "-0", "sha256sum"], input=listing, stdout=subprocess.DEVNULL, check=True
        )

    report = verify_blobs(digests)  # also warms the page cache
    assert report.intact, "the evidence store is damaged"
    ours = _best(lambda: verify_blobs(digests))
    theirs = _best(sha256sum)
    megabytes = report.bytes_read / 2**20
    ratio = theirs / ours  # throughput ratio: ours / theirs
    return {
        "files": report.checked,
        "megabytes": round(megabytes, 1),
        "midora_seconds": round(ours, 3),
        "midora_mb_per_s": round(megabytes / ours, 1),
        "sha256sum_seconds": round(theirs, 3),
        "sha256sum_mb_per_s": round(megabytes / theirs, 1),
        "ratio": round(ratio, 2),
        "goal": f">= {GOAL_RATIO}x sha256sum",
        "verdict": "pass" if ratio >= GOAL_RATIO else "miss",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--big", type=int, default=4)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="midora-bench-")
    try:
        _setup(home)
        small = _compare(_small_files(args.small)) if args.small else None
        big = _compare(store_big_files(args.big)) if args.big else None
        write_result(
            "evidence_verify",
            {
                "load_average": os.getloadavg()[0],
                "small_files": small,
                "big_files": big,
            },
        )
        verdicts = [r["verdict"] for r in (small, big) if r]
        return 0 if all(v == "pass" for v in verdicts) else 1
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
