"""`midora risk`: import and export the ICT risk register, show the heatmap and the matrix."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from midora.core.cli_groups import command_group


def _risks(args: argparse.Namespace) -> Any:
    from midora.cli import CommandError
    from midora.core import permissions
    from midora.core.cli_user import cli_user
    from midora.core.models import LegalEntity
    from midora.ictrisk.models import Risk

    user = cli_user(args.user)
    risks = permissions.scope(user, Risk.objects.all())
    if args.entity:
        entity = LegalEntity.objects.filter(lei=args.entity.upper()).first()
        if entity is None:
            raise CommandError(f"no legal entity with LEI {args.entity}")
        risks = risks.filter(entity=entity)
    return risks


def cmd_import(args: argparse.Namespace) -> int:
    from midora.core.cli_user import cli_user
    from midora.core.progress import cli_progress
    from midora.ictrisk.excel import import_risks

    user = cli_user(args.user)
    with cli_progress("Risk import") as progress:
        result = import_risks(args.file, user, progress)
    if not result.ok:
        print(
            f"{args.file}: refused, nothing imported ({len(result.errors)} errors):",
            file=sys.stderr,
        )
        for error in result.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    print(f"{args.file}: imported {result.created} new and {result.updated} updated risks.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from midora.ictrisk.excel import write_workbook

    count = write_workbook(_risks(args), args.file)
    print(f"Wrote {count} risks to {args.file}.")
    return 0


def cmd_heatmap(args: argparse.Namespace) -> int:
    from midora.ictrisk.services import heatmap

    view = heatmap(_risks(args), args.which)
    width = max(len(lvl.name) for lvl in view.matrix.likelihood)
    print(f"{view.matrix.name} · {args.which} · {view.total} risks")
    print(" " * (width + 2) + " ".join(f"{lvl.level:>6}" for lvl in view.matrix.impact))
    for row in view.rows:
        name = view.matrix.likelihood[row[0][0].likelihood - 1].name
        print(f"{name:>{width}} |" + " ".join(f"{count:>6}" for _cell, count in row))
    if view.outside:
        print(f"{view.outside} risks are rated outside the configured matrix.")
    return 0


def cmd_matrix(args: argparse.Namespace) -> int:
    from pathlib import Path

    from midora.cli import CommandError
    from midora.ictrisk.matrix_config import (
        MatrixFileError,
        active_matrix,
        load_matrix_file,
        override_path,
    )

    try:
        matrix = load_matrix_file(Path(args.check)) if args.check else active_matrix()
    except MatrixFileError as exc:
        raise CommandError(str(exc)) from exc
    source = args.check or (override_path() if override_path().exists() else "shipped default")
    print(f"{matrix.name} ({source})")
    print("likelihood: " + ", ".join(f"{lvl.level} {lvl.name}" for lvl in matrix.likelihood))
    print("impact:     " + ", ".join(f"{lvl.level} {lvl.name}" for lvl in matrix.impact))
    print("bands:      " + ", ".join(f"{b.name} {b.min}-{b.max}" for b in matrix.bands))
    print(f"appetite:   score up to {matrix.appetite_max_score}")
    return 0


def register(subparsers: Any) -> None:
    verbs = command_group(
        subparsers, "risk", help="ICT risk register: import, export, heatmap, matrix"
    )

    def scoped(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--user", help="act as this user (their entities); default: all")
        parser.add_argument("--entity", metavar="LEI", help="only this legal entity")

    v = verbs.add_parser("import", help="import an Excel workbook (all rows or none)")
    v.add_argument("file")
    v.add_argument("--user", help="act as this user (their entities and role)")
    v.set_defaults(handler=cmd_import)

    v = verbs.add_parser("export", help="write the register as an Excel workbook (import layout)")
    v.add_argument("file", nargs="?", default="midora-ict-risks.xlsx")
    scoped(v)
    v.set_defaults(handler=cmd_export)

    v = verbs.add_parser("heatmap", help="print risk counts per likelihood x impact cell")
    v.add_argument("--which", choices=["inherent", "residual"], default="residual")
    scoped(v)
    v.set_defaults(handler=cmd_heatmap)

    v = verbs.add_parser("matrix", help="show the risk matrix in force, or check a matrix file")
    v.add_argument("--check", metavar="FILE", help="validate this file instead")
    v.set_defaults(handler=cmd_matrix)
