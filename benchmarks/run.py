"""`make bench`: run every benchmark module (benchmarks/bench_*.py) one after the other, then
print one table of every goal (benchmarks/summary.py) from the results.

Each writes its JSON result to benchmarks/results/. Pass names to run a subset:
`make bench BENCH_ARGS="bench_core"`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = argv or sorted(p.stem for p in here.glob("bench_*.py"))
    failed = []
    for name in names:
        print(f"== {name}", flush=True)
        if subprocess.run([sys.executable, "-m", f"benchmarks.{name}"], cwd=here.parent).returncode:
            failed.append(name)
    from benchmarks import summary

    summary.main()
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
