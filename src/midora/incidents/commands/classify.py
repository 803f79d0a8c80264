"""Command `midora incident classify FILE`: RTS-C Art 8 classification and RTS-R Art 5 deadlines."""

from __future__ import annotations

import sys
from pathlib import Path

from midora.incidents.engine.errors import InvalidIncidentInput
from midora.incidents.engine.vectors import classify_file, dumps


def main(argv: list[str] | None = None) -> int:
    """Print the JSON classification of FILE; 0 on success, 2 on unreadable or invalid input."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or args[0] in ("-h", "--help"):
        print("usage: midora incident classify FILE  (YAML or JSON)", file=sys.stderr)
        return 0 if args and args[0] in ("-h", "--help") else 2
    path = Path(args[0])
    try:
        results = classify_file(path)
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except InvalidIncidentInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
