"""Board pack benchmark: generation time and peak memory of `midora boardpack` on the demo at a scale.

python -m benchmarks.bench_boardpack [--scale 1] [--scale 100]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import midora, write_result


def measure(scale: int) -> dict:
    home = Path(tempfile.mkdtemp(prefix=f"midora-bench-pack{scale}-"))
    env = {**os.environ, "MIDORA_HOME": str(home), "MIDORA_DEMO_PASSWORD": "benchmark-password"}
    env.pop("MIDORA_DATABASE_URL", None)
    midora(env, "init")
    start = time.perf_counter()
    midora(env, "demo", "--scale", str(scale))
    demo_seconds = time.perf_counter() - start
    output = home / "pack.pdf"
    args = ["boardpack", "--period", "2026-07-01..2026-09-30", "--output", str(output)]
    # the peak memory of the generating process alone (RUSAGE_SELF inside it)
    script = (
        "import resource, sys; from midora.cli import main; code = main(sys.argv[1:]); "
        "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(code)"
    )
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, *args], env=env, check=True, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    peak_kib = int(done.stdout.rsplit("MAXRSS", 1)[1].split()[0])
    return {
        "scale": scale,
        "demo_load_seconds": round(demo_seconds, 1),
        "pack_seconds": round(seconds, 2),
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "pdf_bytes": output.stat().st_size,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, action="append")
    scales = parser.parse_args().scale or [1, 100]
    write_result("boardpack", {"runs": [measure(scale) for scale in scales]})


if __name__ == "__main__":
    main()
