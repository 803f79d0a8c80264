"""`midora actions`: the remediation action list, its sources and overdue actions."""

from __future__ import annotations

import argparse
import csv
import sys
from typing import Any

from midora.core.cli_groups import command_group


def cmd_list(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from midora.core import permissions
    from midora.core.cli_user import cli_user
    from midora.governance.models import Action

    actions = permissions.scope(cli_user(args.user), Action.objects.all()).select_related(
        "entity", "owner"
    )
    if args.overdue:
        actions = actions.overdue(timezone.localdate())
    elif not args.all:
        actions = actions.unfinished()
    if args.source:
        actions = actions.filter(source_type=args.source)
    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    writer.writerow(
        ["id", "entity", "source", "priority", "due", "status", "progress", "owner", "title"]
    )
    count = 0
    for a in actions.order_by("due_date", "pk").iterator(chunk_size=2000):
        writer.writerow(
            [
                a.pk,
                a.entity.name,
                a.source_type or "-",
                a.priority,
                a.due_date.isoformat() if a.due_date else "-",
                a.status + (" (overdue)" if a.is_overdue else ""),
                f"{a.progress}%",
                a.owner.username if a.owner else "-",
                a.title,
            ]
        )
        count += 1
    print(f"{count} actions.", file=sys.stderr)
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    from midora.core import permissions
    from midora.core.cli_user import cli_user
    from midora.governance.models import Action
    from midora.governance.services import by_source

    rows = by_source(permissions.scope(cli_user(args.user), Action.objects.all()))
    print(f"{'source':<40} {'open':>6} {'overdue':>8} {'done':>6} {'total':>6}")
    for r in rows:
        print(f"{r.label[:40]:<40} {r.open:>6} {r.overdue:>8} {r.finished:>6} {r.total:>6}")
    return 0


def register(subparsers: Any) -> None:
    verbs = command_group(
        subparsers, "actions", help="remediation actions: list (--overdue), sources"
    )
    v = verbs.add_parser("list", help="unfinished actions as tab-separated lines")
    v.add_argument("--overdue", action="store_true", help="only actions past their due date")
    v.add_argument("--all", action="store_true", help="include done and cancelled actions")
    v.add_argument("--source", help="only this source_type, e.g. resilience.finding")
    v.add_argument("--user", help="act as this user (their entities); default: all")
    v.set_defaults(handler=cmd_list)
    v = verbs.add_parser("sources", help="totals per source (whatever opened the actions)")
    v.add_argument("--user", help="act as this user (their entities); default: all")
    v.set_defaults(handler=cmd_sources)
