"""Evidence pack benchmark: build and verify a pack holding 1 GiB of evidence, with the peak
memory of each process (it must stay flat whatever the evidence volume: files are streamed).

python -m benchmarks.bench_evidencepacks [--mib 1024] [--files 16]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import midora, write_result

# Creates one entity, one control and FILES evidence items of MIB/FILES MiB each, streamed into
# the evidence store chunk by chunk (each chunk distinct, so every file has its own digest).
SETUP = """
import datetime as dt, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "midora.settings"
import django; django.setup()
from midora.compliance.evidence_records import add_version
from midora.compliance.evidence_store import store_chunks
from midora.compliance.models import Control, Evidence, EvidenceLink
from midora.core.models import LegalEntity
from midora.core.demo import make_lei
files, mib = int(sys.argv[1]), int(sys.argv[2])
entity = LegalEntity(name="Bench CASP", lei=make_lei("9695", "BENCH0000001"), country="FR")
entity.save()
control = Control(code="CTL-BENCH", title="Benchmark control"); control.save()
control.entities.set([entity])
block = os.urandom(1024 * 1024)
for n in range(files):
    evidence = Evidence(entity=entity, title=f"Log export {n}", effective_from=dt.date(2026, 1, 1))
    evidence.save()
    chunks = (n.to_bytes(4, "big") + i.to_bytes(4, "big") + block[8:] for i in range(mib // files))
    blob = store_chunks(chunks, limit=2**40, durable=False)
    add_version(evidence, blob, f"log-{n}.bin")
    EvidenceLink(evidence=evidence, control=control).save()
"""

PEAK = (
    "import resource, sys; from midora.cli import main; code = main(sys.argv[1:]); "
    "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(code)"
)


def timed(env: dict, *args: str) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one `midora` command in its own process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *args], env=env, check=True, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    peak_kib = int(done.stdout.rsplit("MAXRSS", 1)[1].split()[0])
    return round(seconds, 1), round(peak_kib / 1024, 1)


def measure(mib: int, files: int) -> dict:
    home = Path(tempfile.mkdtemp(prefix="midora-bench-evidencepacks-"))
    env = {**os.environ, "MIDORA_HOME": str(home)}
    env.pop("MIDORA_DATABASE_URL", None)
    try:
        midora(env, "init")
        start = time.perf_counter()
        subprocess.run(
            ["nice", sys.executable, "-c", SETUP, str(files), str(mib)], env=env, check=True
        )
        setup_seconds = time.perf_counter() - start
        output = home / "pack.zip"
        build = ["pack", "build", "--controls", "CTL-BENCH", "--recipient", "benchmark"]
        build_seconds, build_peak = timed(env, *build, "--output", str(output))
        size = output.stat().st_size
        empty = Path(tempfile.mkdtemp(prefix="midora-bench-empty-home-"))
        verify_env = {**env, "MIDORA_HOME": str(empty)}
        verify_seconds, verify_peak = timed(verify_env, "pack", "verify", str(output))
        shutil.rmtree(empty, ignore_errors=True)
        return {
            "evidence_mib": mib,
            "evidence_files": files,
            "setup_seconds": round(setup_seconds, 1),
            "build_seconds": build_seconds,
            "build_peak_rss_mib": build_peak,
            "build_mib_per_second": round(mib / build_seconds, 1),
            "archive_mib": round(size / 2**20, 1),
            "verify_seconds_empty_home": verify_seconds,
            "verify_peak_rss_mib": verify_peak,
        }
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mib", type=int, action="append", help="evidence volume (MiB)")
    parser.add_argument("--files", type=int, default=16)
    args = parser.parse_args()
    runs = [measure(mib, args.files) for mib in (args.mib or [64, 1024])]
    write_result("evidencepacks", {"runs": runs})


if __name__ == "__main__":
    main()
