"""`midora worker`: background tasks and periodic checks (notifications, reminders)."""

from __future__ import annotations

import argparse
import logging
import os
from typing import Any


def cmd_worker(args: argparse.Namespace) -> int:
    from midora.jobs.worker import run_forever, run_once

    logging.getLogger("midora").setLevel(logging.INFO if args.verbose else logging.WARNING)
    if args.once:
        ran = run_once()
        print(
            f"Ran the periodic checks ({', '.join(ran) or 'none registered'}) and every due task."
        )
        return 0
    print(f"midora worker running (every {args.interval:g} s); Ctrl-C stops it.", flush=True)
    run_forever(interval=args.interval, worker_id=args.worker_id)
    return 0


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "worker",
        help="run queued tasks (board packs, RoI jobs, deliveries) and the periodic checks",
    )
    p.add_argument(
        "--once",
        action="store_true",
        help="run everything that is due now, then exit (cron, tests)",
    )
    p.add_argument(
        "--interval",
        type=float,
        default=float(os.environ.get("MIDORA_WORKER_INTERVAL", "2")),
        help="seconds to wait when the queue is empty (default 2)",
    )
    p.add_argument("--worker-id", help="a name unique among the workers (default: random)")
    p.add_argument("--verbose", action="store_true")
    p.set_defaults(handler=cmd_worker)
