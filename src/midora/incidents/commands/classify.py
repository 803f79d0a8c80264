"""Command `midora incident classify FILE`: RTS-C Art 8 classification and RTS-R Art 5 deadlines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from midora.incidents.engine.errors import InvalidIncidentInput
from midora.incidents.engine.vectors import classify_file, dumps


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="midora incident classify",
        description="Classify a YAML or JSON file of incident cases (worked-examples format); "
        "print one JSON result per case.",
    )
    add_arguments(p)
    return p


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="YAML or JSON document (vectors or one input)")
    p.add_argument("--pretty", action="store_true", help="indent the JSON output")
    p.add_argument(
        "--explain",
        action="store_true",
        help="add each criterion with its article and reason (RTS-C Arts 6, 8, 9)",
    )


def run(file: str, pretty: bool = False, explain: bool = False) -> int:
    """Print the JSON classification of FILE; 0 on success, 2 on unreadable or invalid input."""
    path = Path(file)
    try:
        results = classify_file(path, explain=explain)
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except InvalidIncidentInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(dumps(results, pretty=pretty))
    sys.stdout.write("\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point with its own arguments (FILE, --pretty, --explain)."""
    try:
        args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return run(args.file, args.pretty, args.explain)


if __name__ == "__main__":
    raise SystemExit(main())
