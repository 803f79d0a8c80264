"""`midora boardpack --period FROM..TO [--entity LEI] --output FILE.pdf [--as USER]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def cmd_boardpack(args: argparse.Namespace) -> int:
    from django.contrib.auth import get_user_model
    from django.urls import get_urlconf, set_urlconf

    from midora.boardpack.generate import PackError, generate_snapshot, parse_period
    from midora.cli import CommandError
    from midora.core.models import LegalEntity
    from midora.jobs.progress import cli_progress

    user = get_user_model().objects.filter(username=args.as_user).first()
    if user is None:
        raise CommandError(
            f"no user named {args.as_user} (the pack is built with that user's scope)"
        )
    entity = None
    if args.entity:
        entity = LegalEntity.objects.filter(lei=args.entity).first()
        if entity is None:
            raise CommandError(f"no legal entity with LEI {args.entity}")
    # the pack links web pages only: reversing them needs none of the API's modules (about 3 s
    # of imports in a fresh process)
    previous_urlconf = get_urlconf()
    set_urlconf("midora.web_urls")
    try:
        period_from, period_to = parse_period(args.period)
        with cli_progress("Board pack", enabled=sys.stderr.isatty()) as progress:
            snapshot, pdf = generate_snapshot(user, period_from, period_to, entity, progress)
    except PackError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        set_urlconf(previous_urlconf)
    output = Path(args.output)
    output.write_bytes(pdf)
    print(f"Wrote {output} ({len(pdf)} bytes), snapshot #{snapshot.pk}, SHA-256 {snapshot.sha256}.")
    return 0


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "boardpack", help="generate the board pack PDF for a period and keep its snapshot"
    )
    p.add_argument("--period", required=True, help="FROM..TO, e.g. 2026-07-01..2026-09-30")
    p.add_argument(
        "--entity",
        metavar="LEI",
        help="one entity (and its subsidiaries); default: the whole group",
    )
    p.add_argument("--output", required=True, help="the PDF file to write")
    p.add_argument(
        "--as", dest="as_user", default="admin", help="whose scope the pack uses (default: admin)"
    )
    p.set_defaults(handler=cmd_boardpack)
