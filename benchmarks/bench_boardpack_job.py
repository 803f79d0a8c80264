"""Board pack generated in the background: the demo at a scale, a pack job queued as the web's
*Generate* does, then `midora worker --once` runs it while this script polls the job row as the
job page does, recording the progress a person sees.

python -m benchmarks.bench_boardpack_job [--scale 10]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.common import MIDORA, midora, write_result


def measure(scale: int) -> dict:
    home = Path(tempfile.mkdtemp(prefix=f"midora-bench-packjob{scale}-"))
    os.environ.update({"MIDORA_HOME": str(home), "MIDORA_DEMO_PASSWORD": "benchmark-password"})
    os.environ.pop("MIDORA_DATABASE_URL", None)
    env = dict(os.environ)
    midora(env, "init")
    start = time.perf_counter()
    midora(env, "demo", "--reset", "--scale", str(scale))
    demo_seconds = time.perf_counter() - start

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "midora.settings")
    django.setup()
    from django.contrib.auth import get_user_model

    from midora.boardpack.tasks import generate_pack
    from midora.jobs.models import Job
    from midora.jobs.runner import start_job

    admin = get_user_model().objects.get(username="admin")
    job = start_job(
        "boardpack.generate",
        "Board pack 2026-07-01..2026-09-30 (group)",
        admin,
        generate_pack,
        user_id=admin.pk,
        period_from="2026-07-01",
        period_to="2026-09-30",
        entity_id=None,
    )
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    start = time.perf_counter()
    worker = subprocess.Popen(
        [*MIDORA, "worker", "--once"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    seen: list[dict] = []
    while worker.poll() is None:
        row = Job.objects.filter(pk=job.pk).values("status", "done", "total", "stage").get()
        state = {**row, "at_s": round(time.perf_counter() - start, 1)}
        if not seen or {k: v for k, v in seen[-1].items() if k != "at_s"} != row:
            seen.append(state)
        time.sleep(0.5)
    seconds = time.perf_counter() - start
    load_after = Path("/proc/loadavg").read_text().split()[:3]
    job.refresh_from_db()
    if job.status != Job.Status.DONE:
        raise RuntimeError(f"the pack job ended {job.status}: {job.error} {worker.stderr.read()}")
    return {
        "scale": scale,
        "demo_load_seconds": round(demo_seconds, 1),
        "worker_start_to_exit_seconds": round(seconds, 1),
        "job_running_seconds": round((job.finished_at - job.started_at).total_seconds(), 1),
        "progress_steps_seen": seen,
        "result_url": job.result_url,
        "load_average_before": load_before,
        "load_average_after": load_after,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=10)
    scale = parser.parse_args().scale
    write_result(f"boardpack_job_scale{scale}", measure(scale))


if __name__ == "__main__":
    main()
