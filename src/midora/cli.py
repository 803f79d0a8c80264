"""The `midora` command. Each app adds its verbs through a `commands.py` with `register(subparsers)`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from importlib.util import find_spec

from midora import __version__


class CommandError(Exception):
    """A command that cannot be carried out; the message is printed and the exit code is 2."""


def build_parser() -> argparse.ArgumentParser:
    from django.apps import apps

    parser = argparse.ArgumentParser(
        prog="midora",
        description="midora: MiCA and DORA readiness for crypto-asset service providers. "
        "State lives in MIDORA_HOME (default ~/.midora); MIDORA_DATABASE_URL selects PostgreSQL.",
    )
    parser.add_argument("--version", action="version", version=f"midora {__version__}")
    subparsers = parser.add_subparsers(dest="verb", metavar="VERB")
    subparsers.required = True
    for config in apps.get_app_configs():
        if config.name.startswith("midora.") and find_spec(f"{config.name}.commands"):
            import_module(f"{config.name}.commands").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "midora.settings")
    import django

    django.setup()
    parser = build_parser()
    args = parser.parse_args(argv)
    from midora.core.audit import Actor, acting_as

    actor = Actor(name=f"cli:{os.environ.get('USER') or 'local'}", source="cli")
    try:
        with acting_as(actor):
            return int(args.handler(args) or 0)
    except CommandError as exc:
        print(f"midora {args.verb}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the output piped into `head` or a pager closed early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
