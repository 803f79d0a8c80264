"""The shape every app's `midora <command> ACTION` takes on the command line."""

from __future__ import annotations

from typing import Any


def command_group(subparsers: Any, name: str, help: str) -> Any:
    """Add `midora <name>` with its actions (one of them required); answers the parser the
    actions are added to (their handler read as ``args.handler``)."""
    parser = subparsers.add_parser(name, help=help)
    actions = parser.add_subparsers(dest=f"{name}_verb", metavar="ACTION")
    actions.required = True
    return actions
