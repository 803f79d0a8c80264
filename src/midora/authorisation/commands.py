"""`midora dossier status|export|open` and `midora authority list|load|holidays`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from midora.core.cli_groups import command_group


def _dossier(args: argparse.Namespace) -> Any:
    from midora.authorisation.models import Dossier
    from midora.cli import CommandError
    from midora.core import permissions
    from midora.core.cli_user import cli_user

    user = cli_user(getattr(args, "user", None))
    dossier = (
        permissions.scope(user, Dossier.objects.select_related("entity", "entity__authority"))
        .filter(entity__lei=args.entity)
        .first()
    )
    if dossier is None:
        raise CommandError(
            f"no dossier for an entity with LEI {args.entity} in your scope "
            "(open one with `midora dossier open --entity LEI`)"
        )
    return dossier


def cmd_status(args: argparse.Namespace) -> int:
    from midora.authorisation.services import status_rows

    data = status_rows(_dossier(args))
    if args.format == "json":
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    print(f"{data['entity']} ({data['lei']}) · dossier {data['dossier_status']}")
    print(f"{'item':<26} {'status':<12} complete")
    for item in data["items"]:
        why = "yes" if item["complete"] else "no: " + "; ".join(item["reasons"])
        print(f"{item['id']:<26} {item['status']:<12} {why}")
    for article, tally in data["articles"].items():
        print(f"Art. {article:>3}: {tally['complete']}/{tally['total']} ({tally['percent']} %)")
    overall = data["overall"]
    print(
        f"Overall: {overall['complete']} of {overall['total']} items complete ({overall['percent']} %)."
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from midora.authorisation.export import export_dossier

    result = export_dossier(_dossier(args), Path(args.output))
    print(f"Wrote {result.path} ({result.files} files, {result.documents} documents).")
    for problem in result.missing:
        print(f"MISSING in the evidence store: {problem}", file=sys.stderr)
    return 1 if result.missing else 0


def cmd_open(args: argparse.Namespace) -> int:
    from midora.authorisation.services import open_dossier
    from midora.cli import CommandError
    from midora.core import permissions
    from midora.core.cli_user import cli_user
    from midora.core.models import LegalEntity

    entity = (
        permissions.scope(cli_user(args.user), LegalEntity.objects.all())
        .filter(lei=args.entity)
        .first()
    )
    if entity is None:
        raise CommandError(f"no legal entity with LEI {args.entity} in your scope")
    dossier, report = open_dossier(entity)
    print(
        f"Dossier #{dossier.pk} of {entity.name}: {report.added} items added, "
        f"{report.withdrawn} no longer apply, {report.restored} apply again."
    )
    return 0


def cmd_authority_list(args: argparse.Namespace) -> int:
    from midora.core.engine.calendars import holiday_categories
    from midora.core.models import AuthorityProfile

    print(
        f"{'code':<10} {'authority':<16} {'country':<7} {'currency':<8} {'languages':<12} calendar"
    )
    for p in AuthorityProfile.objects.order_by("country", "code"):
        cats = "+".join(holiday_categories(p.country))
        print(
            f"{p.code:<10} {p.short_name:<16} {p.country:<7} {p.reporting_currency:<8} {','.join(p.languages):<12} {cats}"
        )
    return 0


def cmd_authority_load(args: argparse.Namespace) -> int:
    from midora.core.authority_profiles import load_profiles

    print(load_profiles().describe())
    return 0


def cmd_authority_holidays(args: argparse.Namespace) -> int:
    from midora.cli import CommandError
    from midora.core.models import AuthorityProfile

    profile = AuthorityProfile.objects.filter(code__iexact=args.code).first()
    if profile is None:
        raise CommandError(f"no authority profile {args.code} (see `midora authority list`)")
    for day, name in profile.calendar().holidays_in(args.year):
        print(f"{day.isoformat()} {day:%a} {name}")
    return 0


def register(subparsers: Any) -> None:
    sub = command_group(
        subparsers, "dossier", help="MiCA authorisation dossier: status, export, open"
    )
    s = sub.add_parser("status", help="each applicable item's status and completeness")
    s.add_argument("--entity", required=True, metavar="LEI")
    s.add_argument("--format", choices=["text", "json"], default="text")
    s.add_argument("--user", help="act as this user (their entities); default: all")
    s.set_defaults(handler=cmd_status)
    e = sub.add_parser("export", help="write the application file as one zip with a manifest")
    e.add_argument("--entity", required=True, metavar="LEI")
    e.add_argument("--output", required=True, metavar="DIR")
    e.add_argument("--user", help="act as this user (their entities); default: all")
    e.set_defaults(handler=cmd_export)
    o = sub.add_parser("open", help="open the entity's dossier or bring its items up to date")
    o.add_argument("--entity", required=True, metavar="LEI")
    o.add_argument("--user", help="act as this user (their entities); default: all")
    o.set_defaults(handler=cmd_open)

    sub = command_group(subparsers, "authority", help="competent authority profiles and calendars")
    sub.add_parser("list", help="the loaded profiles").set_defaults(handler=cmd_authority_list)
    sub.add_parser("load", help="load or refresh the shipped profiles").set_defaults(
        handler=cmd_authority_load
    )
    h = sub.add_parser("holidays", help="an authority's holidays in a year")
    h.add_argument("code")
    h.add_argument("--year", type=int, default=dt.date.today().year)
    h.set_defaults(handler=cmd_authority_holidays)
