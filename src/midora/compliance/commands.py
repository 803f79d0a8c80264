"""Compliance verbs: `midora catalogue`, `midora controls`, `midora evidence`, `midora oscal`."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from midora.core.cli_groups import command_group


def cmd_catalogue_list(args: argparse.Namespace) -> int:
    from django.db.models import Count, Q

    from midora.compliance.models import Framework

    frameworks = Framework.objects.annotate(
        current=Count("requirements", filter=Q(requirements__withdrawn=False)),
        withdrawn=Count("requirements", filter=Q(requirements__withdrawn=True)),
    )
    if not frameworks:
        print("No catalogue loaded. Run `midora catalogue load`.")
        return 0
    print(
        f"{'code':<10}{'regime':<8}{'version':<10}{'text of':<12}{'requirements':>13}  regulation"
    )
    for fw in frameworks:
        count = f"{fw.current}" + (f" (+{fw.withdrawn} withdrawn)" if fw.withdrawn else "")
        print(
            f"{fw.code:<10}{fw.regime:<8}{fw.catalogue_version:<10}"
            f"{fw.consolidated_date.isoformat():<12}{count:>13}  {fw.regulation}"
        )
    return 0


def cmd_catalogue_show(args: argparse.Namespace) -> int:
    from midora.cli import CommandError
    from midora.compliance.models import Framework, Requirement

    framework = Framework.objects.filter(code=args.code.upper()).first()
    if framework is None:
        requirement = Requirement.objects.filter(ref=args.code).select_related("framework").first()
        if requirement is None:
            raise CommandError(f"no catalogue or requirement named {args.code}")
        _print_requirement(requirement)
        return 0
    print(f"{framework.code} {framework.catalogue_version} · {framework.regulation}")
    print(
        f"regime {framework.regime} · text of {framework.consolidated_date} · {framework.scope_note}"
    )
    requirements = framework.requirements.all()
    if not args.withdrawn:
        requirements = requirements.filter(withdrawn=False)
    for r in requirements:
        flag = " [withdrawn]" if r.withdrawn else ""
        print(f"  {r.ref:<22} {r.citation:<28} {r.title}{flag}")
    return 0


def _print_requirement(r: Any) -> None:
    print(f"{r.ref} · {r.framework.code} {r.citation}{' [withdrawn]' if r.withdrawn else ''}")
    print(f"  {r.title}")
    print(f"  {r.summary}")
    print(f"  area: {r.area} · applies: {r.applies_to_text} {json.dumps(r.applies_when)}")
    for m in r.mappings.select_related("control"):
        print(f"  mapped: {m.control.code} ({m.coverage}) {m.rationale}")


def cmd_catalogue_load(args: argparse.Namespace) -> int:
    from midora.cli import CommandError
    from midora.compliance.catalogue_loader import CatalogueVersionError, load_catalogue_files
    from midora.compliance.engine.yaml_source import FileFormatError

    try:
        reports = load_catalogue_files(args.files or None)
    except FileFormatError as exc:
        raise CommandError(f"catalogue refused, nothing was loaded:\n{exc}") from exc
    except (CatalogueVersionError, ValueError, OSError) as exc:
        raise CommandError(str(exc)) from exc
    for report in reports:
        print(report.describe())
    return 0


def cmd_controls_load(args: argparse.Namespace) -> int:
    from midora.cli import CommandError
    from midora.compliance.catalogue_loader import load_shipped_library
    from midora.compliance.engine.yaml_source import FileFormatError
    from midora.core.models import LegalEntity

    entities = None
    if args.entity:
        entities = []
        for lei in args.entity:
            entity = LegalEntity.objects.filter(lei=lei).first()
            if entity is None:
                raise CommandError(f"no legal entity with LEI {lei}")
            entities.append(entity)
    try:
        report = load_shipped_library(entities)
    except FileFormatError as exc:
        raise CommandError(f"control library refused:\n{exc}") from exc
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    print(report.describe())
    return 0


def cmd_evidence_verify(args: argparse.Namespace) -> int:
    from midora.compliance.evidence_store import format_size, verify_blobs
    from midora.compliance.models import EvidenceVersion

    started = time.perf_counter()
    digests = EvidenceVersion.objects.values_list("sha256", flat=True).distinct()
    report = verify_blobs(digests)
    elapsed = time.perf_counter() - started
    rate = report.bytes_read / 1024 / 1024 / elapsed if elapsed > 0 else 0.0
    if report.intact:
        print(
            f"Evidence store intact: {report.checked} files, {format_size(report.bytes_read)} "
            f"re-hashed in {elapsed:.1f} s ({rate:.0f} MB/s)."
        )
        return 0
    versions = EvidenceVersion.objects.select_related("evidence")
    for label, digests in (("MISSING", report.missing), ("CORRUPTED", report.corrupted)):
        for sha256 in digests:
            users = ", ".join(
                f"evidence #{v.evidence_id} “{v.evidence.title}” v{v.number} ({v.original_name})"
                for v in versions.filter(sha256=sha256)
            )
            print(f"{label} {sha256}: {users}", file=sys.stderr)
    print(
        f"Evidence store damaged: {len(report.missing)} missing, {len(report.corrupted)} "
        f"corrupted of {report.checked} files.",
        file=sys.stderr,
    )
    return 1


def cmd_oscal_export(args: argparse.Namespace) -> int:
    from midora.cli import CommandError
    from midora.compliance.oscal_records import (
        assessment_document_for,
        catalogue_document_for,
    )

    try:
        if args.kind == "catalogue":
            document = catalogue_document_for(args.target.upper())
        else:
            if not args.target.isdigit():
                raise CommandError("give the assessment's number, e.g. `oscal export assessment 3`")
            document = assessment_document_for(int(args.target))
    except LookupError as exc:
        raise CommandError(str(exc)) from exc
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
        print(f"Wrote {args.output}.")
    else:
        print(text)
    return 0


def register(subparsers: Any) -> None:
    sub = command_group(subparsers, "catalogue", help="regulatory catalogues: list, show, load")
    s = sub.add_parser("list", help="the loaded catalogues with their versions")
    s.set_defaults(handler=cmd_catalogue_list)
    s = sub.add_parser("show", help="one catalogue's requirements, or one requirement")
    s.add_argument("code", help="MICA, RTS305, DORA, RTS1774, RTS1773, or a requirement id")
    s.add_argument("--withdrawn", action="store_true", help="list withdrawn requirements too")
    s.set_defaults(handler=cmd_catalogue_show)
    s = sub.add_parser(
        "load", help="load catalogue files (default: the shipped ones); idempotent, upgrade-safe"
    )
    s.add_argument("files", nargs="*", help="catalogue YAML files")
    s.set_defaults(handler=cmd_catalogue_load)

    sub = command_group(subparsers, "controls", help="control library: `midora controls load`")
    s = sub.add_parser("load", help="load the shipped control library and its mappings")
    s.add_argument("--entity", action="append", metavar="LEI", help="apply to this entity")
    s.set_defaults(handler=cmd_controls_load)

    sub = command_group(subparsers, "evidence", help="evidence store: `midora evidence verify`")
    s = sub.add_parser(
        "verify", help="re-hash every stored file; exit 1 listing missing or corrupted ones"
    )
    s.set_defaults(handler=cmd_evidence_verify)

    sub = command_group(subparsers, "oscal", help="NIST OSCAL JSON export")
    s = sub.add_parser("export", help="catalogue <MICA|DORA> or assessment <number>")
    s.add_argument("kind", choices=["catalogue", "assessment"])
    s.add_argument("target", help="regime (MICA or DORA) or assessment number")
    s.add_argument("-o", "--output", help="write to this file instead of standard output")
    s.set_defaults(handler=cmd_oscal_export)
