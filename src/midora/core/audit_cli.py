"""`midora audit verify | export | reindex`: the trail's chain and rows checked, the trail
exported for auditors, the entity index rebuilt."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from midora.core.cli_groups import command_group

SHOWN = 50


def cmd_verify(args: argparse.Namespace) -> int:
    from midora.core.audit_rows import Discrepancy, verify_trail
    from midora.core.progress import cli_progress

    started = time.perf_counter()
    found = 0
    shown: list[str] = []

    def differs(discrepancy: Discrepancy) -> None:
        nonlocal found
        found += 1
        if found <= SHOWN:
            shown.append(f"Record differs from its trail: {discrepancy.describe()}.")

    with cli_progress("Audit trail") as progress:  # the chain and the rows, in one read
        result = verify_trail(differs, progress)
    if not result.intact:
        brk = result.first_break
        print(
            f"Audit trail BROKEN at event #{brk.sequence} (row id {brk.event_id}): {brk.reason}.",
            file=sys.stderr,
        )
        return 1
    for line in shown:
        print(line, file=sys.stderr)
    elapsed = time.perf_counter() - started
    if found:
        more = f" ({found - SHOWN} more not shown)" if found > SHOWN else ""
        print(
            f"Audit trail chain intact ({result.events} events), but {found} stored "
            f"value(s) differ from what the trail records{more}.",
            file=sys.stderr,
        )
        return 1
    print(
        f"Audit trail intact: {result.events} events, head hash {result.head_hash}; "
        f"every tracked record equals its audited state ({elapsed:.1f} s)."
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from midora.cli import CommandError
    from midora.core.audit_export import EventFilter, ExportError, export_chunks
    from midora.core.audit_scope import readable_events
    from midora.core.cli_user import cli_user

    try:
        flt = EventFilter.parse(
            since=args.since or "", until=args.until or "", entity=_entity_id(args.entity)
        )
    except ExportError as exc:
        raise CommandError(str(exc)) from exc
    events = flt.apply(readable_events(cli_user(args.user)))
    chunks = export_chunks(args.format, events, flt, args.user or "command line")
    if args.output:
        with Path(args.output).open("w", encoding="utf-8", newline="") as out:
            for chunk in chunks:
                out.write(chunk)
        print(f"Audit trail written to {args.output}.", file=sys.stderr)
    else:
        for chunk in chunks:
            sys.stdout.write(chunk)
    return 0


def _entity_id(raw: str | None) -> str:
    """An entity given by id or LEI."""
    from midora.cli import CommandError
    from midora.core.models import LegalEntity

    if not raw:
        return ""
    if raw.isdigit():
        return raw
    entity = LegalEntity.objects.filter(lei=raw.upper()).first()
    if entity is None:
        raise CommandError(f"no legal entity with LEI {raw}")
    return str(entity.pk)


def cmd_reindex(args: argparse.Namespace) -> int:
    from midora.core.audit_scope import rebuild_index

    linked = rebuild_index()
    print(f"Audit entity index rebuilt: {linked} event-entity links.")
    return 0


def register(subparsers: Any) -> None:
    audit_sub = command_group(
        subparsers,
        "audit",
        help="audit trail: verify the chain and the records against it, export it, reindex it",
    )
    v = audit_sub.add_parser(
        "verify",
        help="exit 0 when the chain is intact and every record equals its audited state; "
        "1 naming the first broken event or each record that differs",
    )
    v.set_defaults(handler=cmd_verify)
    e = audit_sub.add_parser("export", help="write the trail as CSV or JSON")
    e.add_argument("--format", choices=["csv", "json"], default="csv")
    e.add_argument("--from", dest="since", metavar="YYYY-MM-DD", help="first day (inclusive)")
    e.add_argument("--to", dest="until", metavar="YYYY-MM-DD", help="last day (inclusive)")
    e.add_argument("--entity", metavar="LEI|ID", help="only events of this legal entity")
    e.add_argument("--user", help="export as this user sees it (their entities only)")
    e.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: stdout)")
    e.set_defaults(handler=cmd_export)
    r = audit_sub.add_parser(
        "reindex", help="rebuild which entities each event concerns (after an upgrade)"
    )
    r.set_defaults(handler=cmd_reindex)
