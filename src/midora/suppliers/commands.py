"""`midora roi ...`: export, validate, import and review the DORA Register of Information."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from midora.core.cli_groups import command_group

EXIT_OK, EXIT_FINDINGS = 0, 1


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from exc


def _entity(args: argparse.Namespace) -> Any:
    from midora.cli import CommandError
    from midora.suppliers.roi_rows import RegisterScopeError, entity_by_lei, scope_entity_ids

    try:
        entity = entity_by_lei(args.entity)
        scope_entity_ids(entity, args.level)
    except (RegisterScopeError, ValueError) as exc:
        raise CommandError(str(exc)) from exc
    return entity


def _built(args: argparse.Namespace) -> Any:
    from midora.cli import CommandError
    from midora.suppliers.roi_rows import RegisterScopeError, build_register

    try:
        return build_register(_entity(args), args.reference_date, args.level)
    except (RegisterScopeError, ValueError) as exc:
        raise CommandError(str(exc)) from exc


def _print_findings(findings: list[Any], fmt: str, stream: Any = None) -> None:
    from midora.suppliers.roi.findings import findings_to_json

    stream = stream or sys.stdout
    if fmt == "json":
        print(findings_to_json(findings), file=stream)
        return
    for f in findings:
        print(str(f), file=stream)


def _summary(findings: list[Any]) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    return f"{errors} error(s), {len(findings) - errors} warning(s)"


def cmd_export(args: argparse.Namespace) -> int:
    from midora.cli import CommandError
    from midora.core.progress import cli_progress
    from midora.suppliers.roi.validate import blocking
    from midora.suppliers.roi_rows import RegisterScopeError
    from midora.suppliers.roi_work import export_register

    target = Path(args.output) if args.output else Path.cwd()
    if target.suffix == ".zip":
        raise CommandError("--output is a directory; the file name follows the EBA convention")
    entity = _entity(args)
    try:
        with cli_progress("RoI export") as progress:
            outcome = export_register(
                entity,
                args.reference_date,
                args.level,
                target,
                force=args.force,
                progress=progress,
            )
    except (RegisterScopeError, ValueError) as exc:
        raise CommandError(str(exc)) from exc
    if outcome.path is None:
        errors = blocking(outcome.findings)
        _print_findings(errors, "text", sys.stderr)
        print(
            f"midora roi export: refused, {len(errors)} blocking error(s) above; fix them or "
            "use --force.",
            file=sys.stderr,
        )
        return EXIT_FINDINGS
    print(f"{outcome.path}  ({outcome.rows} rows, {_summary(outcome.findings)})")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from midora.cli import CommandError
    from midora.core.progress import cli_progress
    from midora.suppliers.roi.validate import blocking
    from midora.suppliers.roi_rows import RegisterScopeError
    from midora.suppliers.roi_work import validate_file, validate_records

    if args.path and args.entity:
        raise CommandError("give either a package PATH or --entity, not both")
    if args.path:
        if not Path(args.path).is_file():
            raise CommandError(f"{args.path}: no such file")
        with cli_progress("RoI validate") as progress:
            findings = validate_file(Path(args.path), progress=progress)
    elif args.entity and args.reference_date:
        entity = _entity(args)
        try:
            with cli_progress("RoI validate") as progress:
                _built_register, findings = validate_records(
                    entity, args.reference_date, args.level, progress=progress
                )
        except (RegisterScopeError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
    else:
        raise CommandError("give a package PATH, or --entity LEI and --reference-date")
    _print_findings(findings, args.format)
    if args.format == "text":
        print(_summary(findings), file=sys.stderr)
    return EXIT_FINDINGS if blocking(findings) else EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from midora.cli import CommandError
    from midora.core.progress import cli_progress
    from midora.suppliers.roi.read import PackageReadError
    from midora.suppliers.roi.workbook import WorkbookError
    from midora.suppliers.roi_import import RegisterImportError
    from midora.suppliers.roi_work import import_file

    path = Path(args.path)
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    try:
        with cli_progress("RoI import") as progress:
            summary = import_file(path, progress=progress)
    except (RegisterImportError, PackageReadError) as exc:
        _print_findings(exc.findings, args.format, sys.stderr)
        print(
            f"midora roi import: nothing imported, {len(exc.findings)} error(s) above.",
            file=sys.stderr,
        )
        return EXIT_FINDINGS
    except WorkbookError as exc:
        print(f"midora roi import: nothing imported: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"Imported {path.name}: {summary.describe()}.")
    return EXIT_OK


def cmd_lei_check(args: argparse.Namespace) -> int:
    from midora.cli import CommandError
    from midora.core.archive_limits import upload_limits
    from midora.suppliers.roi.lei_check import GleifFileError, check_leis
    from midora.suppliers.roi.read import PackageReadError, read_package

    gleif = Path(args.gleif)
    if not gleif.is_file():
        raise CommandError(f"{gleif}: no such file")
    if args.package:
        try:
            register = read_package(args.package, upload_limits()).register
        except PackageReadError as exc:
            raise CommandError(str(exc)) from exc
    elif args.entity and args.reference_date:
        register = _built(args).register
    else:
        raise CommandError("give a package PATH, or --entity LEI and --reference-date")
    try:
        findings = check_leis(register, gleif)
    except (GleifFileError, OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"{gleif}: {exc}") from exc
    _print_findings(findings, args.format)
    if args.format == "text":
        print(f"{len(findings)} LEI warning(s)", file=sys.stderr)
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from midora.suppliers.roi.rules.business import eba_rules

    for rule in eba_rules():
        applied = "applied" if rule.status == "active" else "DEACTIVATED, not applied"
        print(f"{rule.rule_id}\t{rule.table}\t{rule.severity}\t{applied}\t{rule.expression}")
    return EXIT_OK


def cmd_workbook(args: argparse.Namespace) -> int:
    from midora.cli import CommandError
    from midora.core.archive_limits import upload_limits
    from midora.suppliers.roi.read import PackageReadError, read_package
    from midora.suppliers.roi.workbook import write_workbook

    if args.package:
        try:
            register = read_package(args.package, upload_limits()).register
        except PackageReadError as exc:
            raise CommandError(str(exc)) from exc
        stem = Path(args.package).stem
    elif args.entity and args.reference_date:
        built = _built(args)
        register = built.register
        stem = f"{built.params.lei}.{built.params.level}_{args.reference_date.isoformat()}_review"
    else:
        raise CommandError("give a package PATH, or --entity LEI and --reference-date")
    output = Path(args.output) if args.output else Path.cwd() / f"{stem}.xlsx"
    write_workbook(register, output)
    print(f"{output}  ({len(register)} templates)")
    return EXIT_OK


def _scope_arguments(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument(
        "--entity", metavar="LEI", required=required, help="entity maintaining the register"
    )
    parser.add_argument("--reference-date", type=_date, required=required, metavar="YYYY-MM-DD")
    parser.add_argument(
        "--level", choices=["IND", "CON"], default="IND", help="individual or consolidated"
    )


def register(subparsers: Any) -> None:
    verbs = command_group(
        subparsers, "roi", help="DORA Register of Information: export, validate, import, workbook"
    )

    e = verbs.add_parser("export", help="write the xBRL-CSV report package of an entity")
    _scope_arguments(e, required=True)
    e.add_argument("--output", metavar="DIR", help="directory for the zip (default: here)")
    e.add_argument("--force", action="store_true", help="export even with blocking errors")
    e.set_defaults(handler=cmd_export)

    v = verbs.add_parser(
        "validate",
        help="check a package (PATH) or the database register (--entity); exit 1 on errors",
    )
    v.add_argument("path", nargs="?", help="an RoI report package (.zip)")
    _scope_arguments(v, required=False)
    v.add_argument("--format", choices=["text", "json"], default="text")
    v.set_defaults(handler=cmd_validate)

    i = verbs.add_parser(
        "import", help="load a package (.zip) or review workbook (.xlsx); all or nothing"
    )
    i.add_argument("path")
    i.add_argument("--format", choices=["text", "json"], default="text")
    i.set_defaults(handler=cmd_import)

    c = verbs.add_parser(
        "lei-check",
        help="check the register's LEIs against a GLEIF golden-copy file (offline; warnings)",
    )
    c.add_argument("package", nargs="?", help="check this package instead of the database")
    c.add_argument("--gleif", required=True, metavar="FILE", help="golden-copy CSV or its .zip")
    _scope_arguments(c, required=False)
    c.add_argument("--format", choices=["text", "json"], default="text")
    c.set_defaults(handler=cmd_lei_check)

    r = verbs.add_parser("rules", help="list the EBA business rules (active and deactivated)")
    r.set_defaults(handler=cmd_rules)

    w = verbs.add_parser("workbook", help="write the Excel review workbook of the register")
    w.add_argument("package", nargs="?", help="make it from this package instead of the database")
    _scope_arguments(w, required=False)
    w.add_argument("--output", metavar="FILE.xlsx")
    w.set_defaults(handler=cmd_workbook)
