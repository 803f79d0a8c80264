"""Benchmark the refusal of a decompression bomb by `midora roi validate` and `midora roi import`.

Builds an RoI package of about 2 MB whose ``b_02.02.csv`` expands to 400 MB, then runs each
command in a fresh process and measures its wall time and peak resident memory (including
Python and Django start-up). Also measures the web check's code path (``check_package`` with the
configured limits, as ``/third-parties/roi/check/`` runs it) in a fresh process.

Run: ``.venv/bin/python -m benchmarks.bench_archives``. Writes
``benchmarks/results/archives.json``. Targets (issue 11.1): refused within seconds and under
300 MB of memory, with a message naming the limit.
"""

from __future__ import annotations

import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "archives.json"
LEI = "5299001CASPHOLDCO126"
ROOT = f"{LEI}.IND_FR_DORA010100_DORA_2025-12-31_20260115103005042"
MB = 1024 * 1024
WEB_PATH = """
import sys, django
django.setup()
from midora.core.archive_limits import findings_per_rule, upload_limits
from midora.suppliers.roi.validate import check_package
package, findings = check_package(sys.argv[1], upload_limits(), findings_per_rule())
print("\\n".join(str(f) for f in findings))
"""


def write_bomb(path: Path, expand_mb: int = 400) -> None:
    """About 2 MB compressed: repeated rows with a little random text in every megabyte."""
    rng = random.Random(2026)
    row = b"CA-0001," + LEI.encode() + b",549300CLOUDPROVID137,eba_qCO:qx2000,F-1,eba_TA:S10\r\n"
    filler = row * ((MB - 8192) // len(row))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{ROOT}/META-INF/reportPackage.json", "{}")
        info = zipfile.ZipInfo(f"{ROOT}/reports/b_02.02.csv")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as handle:
            handle.write(b"c0010,c0020,c0030\r\n")
            for _ in range(expand_mb):
                handle.write(filler)
                handle.write(rng.randbytes(4096).hex().encode())


def run(command: list[str], env: dict[str, str]) -> dict[str, object]:
    """Wall time, peak RSS of this child alone and the first lines of its output."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        child = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = out.read().strip().splitlines()[:3]
    return {
        "seconds": round(seconds, 2),
        "max_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "exit_code": child.returncode,
        "output": lines,
    }


def main() -> int:
    home = tempfile.mkdtemp(prefix="midora-bench-archives-")
    env = {**os.environ, "MIDORA_HOME": home, "DJANGO_SETTINGS_MODULE": "midora.settings"}
    env.pop("MIDORA_DATABASE_URL", None)
    midora = [sys.executable, "-m", "midora.cli"]
    subprocess.run([*midora, "init"], env=env, capture_output=True, check=True)
    bomb = Path(home) / f"{ROOT}.zip"
    write_bomb(bomb)
    result = {
        "scenario": "RoI package of ~2 MB whose b_02.02.csv expands to 400 MB",
        "archive_bytes": bomb.stat().st_size,
        "expanded_bytes": sum(i.file_size for i in zipfile.ZipFile(bomb).infolist()),
        # each child runs alone, one after the other; RSS is the largest child so far
        "validate": run([*midora, "roi", "validate", str(bomb)], env),
        "import": run([*midora, "roi", "import", str(bomb)], env),
        "web_check_path": run([sys.executable, "-c", WEB_PATH, str(bomb)], env),
        "startup_only": run([*midora, "--help"], env),
        "targets": {"seconds": 5, "max_rss_mb": 300},
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
