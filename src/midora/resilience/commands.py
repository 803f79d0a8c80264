"""`midora resilience coverage`: critical functions not tested in the last 12 months."""

from __future__ import annotations

import argparse
from typing import Any

from midora.core.cli_groups import command_group


def cmd_coverage(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from midora.core import permissions
    from midora.core.choices import Criticality
    from midora.core.cli_user import cli_user
    from midora.core.models import BusinessFunction
    from midora.resilience.models import ResilienceTest
    from midora.resilience.services import coverage_gaps

    user = cli_user(args.user)
    functions = permissions.scope(user, BusinessFunction.objects.all()).filter(
        criticality=Criticality.CRITICAL_OR_IMPORTANT
    )
    tests = permissions.scope(user, ResilienceTest.objects.all())
    gaps = coverage_gaps(functions, tests, timezone.localdate(), bcp_only=args.bcp)
    for gap, function in gaps:
        last = gap.last_tested.isoformat() if gap.last_tested else "never"
        print(f"{function.entity.name}\t{function.identifier}\t{function.name}\tlast tested {last}")
    print(
        f"{len(gaps)} of {functions.count()} critical or important functions not tested in 12 months."
    )
    return 1 if gaps and args.strict else 0


def register(subparsers: Any) -> None:
    verbs = command_group(subparsers, "resilience", help="resilience testing: coverage")
    v = verbs.add_parser("coverage", help="critical functions not tested in the last 12 months")
    v.add_argument("--bcp", action="store_true", help="count only BCP / DR exercises")
    v.add_argument("--strict", action="store_true", help="exit 1 when a function is untested")
    v.add_argument("--user", help="act as this user (their entities); default: all")
    v.set_defaults(handler=cmd_coverage)
