"""Core verbs of the `midora` command: init, serve, demo, createuser, token, audit, backup, restore."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from midora.core import audit_cli


def _migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def cmd_init(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.core.management import call_command

    _migrate(1 if args.verbose else 0)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(
        f"midora is ready in {settings.HOME} (database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})."
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from midora.core.server import serve

    return serve(args.host, args.port, args.workers, with_worker=args.worker)


def cmd_demo(args: argparse.Namespace) -> int:
    from midora.cli import CommandError
    from midora.core.demo_loader import DemoError, load_demo
    from midora.core.progress import cli_progress

    _migrate()
    try:
        with cli_progress("Demo") as progress:
            summary = load_demo(
                scale=args.scale, seed=args.seed, reset=args.reset, progress=progress
            )
    except DemoError as exc:
        raise CommandError(str(exc)) from exc
    print(summary.describe())
    return 0


def _read_password(from_stdin: bool) -> str:
    """The new user's password: one line of standard input, or asked twice on the terminal."""
    from midora.cli import CommandError

    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise CommandError(
            "no terminal to ask for the password: pipe it in with --password-stdin "
            "(e.g. `printf '%s\\n' \"$PASSWORD\" | midora createuser NAME --role ROLE --password-stdin`)."
        )
    try:
        password = getpass.getpass("Password: ")
        again = getpass.getpass("Password (again): ")
    except (EOFError, KeyboardInterrupt) as exc:
        raise CommandError("no password given; nothing was created.") from exc
    if password != again:
        raise CommandError("the two passwords differ; nothing was created.")
    return password


def cmd_unlock(args: argparse.Namespace) -> int:
    from axes.utils import reset

    count = reset(username=args.username) if args.username else 0
    if args.address:
        count += reset(ip=args.address)
    print(f"Lifted {count} sign-in lockout record(s).")
    return 0


def cmd_createuser(args: argparse.Namespace) -> int:
    from midora.cli import CommandError
    from midora.core.accounts import AccountError, create_user
    from midora.core.models import LegalEntity

    entities = []
    for lei in args.entity or []:
        entity = LegalEntity.objects.filter(lei=lei).first()
        if entity is None:
            raise CommandError(f"no legal entity with LEI {lei}")
        entities.append(entity)
    password = _read_password(args.password_stdin)
    try:
        create_user(
            args.username,
            password=password,
            role=args.role,
            entities=entities,
            email=args.email or "",
        )
    except AccountError as exc:
        raise CommandError(str(exc)) from exc
    except Exception as exc:  # password validation errors
        messages = getattr(exc, "messages", None)
        if messages:
            raise CommandError(" ".join(messages)) from exc
        raise
    print(f"Created user {args.username} ({args.role}).")
    return 0


def cmd_otp(args: argparse.Namespace) -> int:
    from django.contrib.auth import get_user_model

    from midora.cli import CommandError
    from midora.core import second_factor

    user = get_user_model().objects.filter(username=args.username).first()
    if user is None:
        raise CommandError(f"no user named {args.username}")
    if args.action == "status":
        enrolled = "enrolled" if second_factor.has_device(user) else "not enrolled"
        needed = "required by role" if second_factor.role_requires_it(user) else "optional"
        print(f"{args.username}: authenticator {enrolled}; second factor {needed}.")
        return 0
    count = second_factor.reset(user)
    if count:
        print(f"Removed the authenticator of {args.username}: they enrol again at next sign-in.")
    else:
        print(f"{args.username} has no authenticator; nothing to reset.")
    return 0


def cmd_sso(args: argparse.Namespace) -> int:
    from django.conf import settings

    from midora.cli import CommandError
    from midora.core import sso
    from midora.core.engine.group_map import GroupMapError

    try:
        group_map = sso.load_group_map()
    except GroupMapError as exc:
        raise CommandError(str(exc)) from exc
    state = "on" if sso.enabled() else "off (MIDORA_OIDC_CLIENT_ID is not set)"
    print(f"Single sign-on: {state}; groups from claim {settings.MIDORA_OIDC_GROUPS_CLAIM!r}.")
    print(f"{settings.MIDORA_OIDC_GROUP_MAP}: {len(group_map)} group(s)")
    for group, grant in sorted(group_map.items()):
        entities = ", ".join(sorted(grant.entities)) or "no entity"
        print(f"  {group}\t{grant.role}\t{entities}")
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    from django.contrib.auth import get_user_model

    from midora.cli import CommandError
    from midora.core.accounts import issue_token, revoke_token
    from midora.core.models import ApiToken

    user = get_user_model().objects.filter(username=args.username).first()
    if user is None:
        raise CommandError(f"no user named {args.username}")
    if args.action == "create":
        _token, raw = issue_token(user, args.name or "cli")
        print(raw)
    elif args.action == "list":
        for token in ApiToken.objects.filter(user=user):
            state = "active" if token.is_active else f"revoked {token.revoked_at:%Y-%m-%d}"
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            print(f"{token.pk}\t{token.hint}…\t{token.name}\t{state}\tlast used {used}")
    else:
        token = ApiToken.objects.filter(user=user, pk=args.id).first()
        if token is None:
            raise CommandError(f"user {args.username} has no token {args.id}")
        revoke_token(token)
        print(f"Revoked token {token.pk} ({token.name}).")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from midora.core.backup import create_backup

    manifest = create_backup(Path(args.file))
    print(
        f"Backup written to {args.file}: {manifest['records']} records, {len(manifest['files'])} files."
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from midora.cli import CommandError
    from midora.core.backup import BackupError, restore_backup

    _migrate()
    try:
        manifest = restore_backup(Path(args.file))
    except BackupError as exc:
        raise CommandError(f"{exc} Nothing was changed.") from exc
    print(
        f"Restored {manifest['records']} records from {args.file} (taken {manifest['created_at']})."
    )
    return 0


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "init", help="create MIDORA_HOME, the database schema and static files"
    )
    p.add_argument("--verbose", action="store_true")
    p.set_defaults(handler=cmd_init)

    p = subparsers.add_parser("serve", help="serve the web UI and API with gunicorn")
    p.add_argument("--host", default=os.environ.get("MIDORA_HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("MIDORA_PORT", "8000")))
    p.add_argument("--workers", type=int, default=int(os.environ.get("MIDORA_WORKERS", "2")))
    p.add_argument(
        "--no-worker",
        dest="worker",
        action="store_false",
        default=os.environ.get("MIDORA_SERVE_WORKER", "1") != "0",
        help="do not start a background worker beside the web server (run `midora worker` "
        "on its own hosts instead)",
    )
    p.set_defaults(handler=cmd_serve)

    p = subparsers.add_parser(
        "demo",
        help="load the demo CASP group (deterministic for a seed); --scale multiplies every register",
    )
    p.add_argument("--scale", type=int, default=1, help="volume multiplier (1, 10, 100 ...)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument(
        "--reset",
        action="store_true",
        help="delete every record first (refused otherwise when data exists)",
    )
    p.set_defaults(handler=cmd_demo)

    p = subparsers.add_parser("createuser", help="create a user with a role and granted entities")
    p.add_argument("username")
    p.add_argument(
        "--role",
        required=True,
        choices=["administrator", "compliance_manager", "contributor", "auditor", "board_member"],
    )
    p.add_argument("--entity", action="append", metavar="LEI", help="grant an entity (repeatable)")
    p.add_argument("--email")
    p.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    p.set_defaults(handler=cmd_createuser)

    p = subparsers.add_parser(
        "unlock", help="lift a sign-in lockout of a user (and/or an address) before it expires"
    )
    p.add_argument("username", nargs="?")
    p.add_argument("--address", help="also lift the lockout of this IP address")
    p.set_defaults(handler=cmd_unlock)

    p = subparsers.add_parser(
        "otp", help="second factor of a user: status, or reset (a lost phone; audited)"
    )
    p.add_argument("action", choices=["status", "reset"])
    p.add_argument("username")
    p.set_defaults(handler=cmd_otp)

    p = subparsers.add_parser(
        "sso", help="single sign-on: check the group map (groups to role and entities)"
    )
    p.add_argument("action", choices=["check"])
    p.set_defaults(handler=cmd_sso)

    p = subparsers.add_parser(
        "token", help="personal API tokens: create (printed once), list, revoke"
    )
    p.add_argument("action", choices=["create", "list", "revoke"])
    p.add_argument("username")
    p.add_argument("--name", help="what the token is for (create)")
    p.add_argument("--id", type=int, help="the token to revoke")
    p.set_defaults(handler=cmd_token)

    audit_cli.register(subparsers)

    p = subparsers.add_parser(
        "backup", help="write a consistent snapshot of the database and evidence store"
    )
    p.add_argument("file")
    p.set_defaults(handler=cmd_backup)

    p = subparsers.add_parser("restore", help="restore a backup (verified first; all or nothing)")
    p.add_argument("file")
    p.set_defaults(handler=cmd_restore)
