"""`midora pack build|verify|key|list`: evidence packs from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from midora.core.cli_groups import command_group


def cmd_build(args: argparse.Namespace) -> int:
    from midora.cli import CommandError
    from midora.core.cli_user import cli_user
    from midora.core.progress import cli_progress
    from midora.evidencepacks.build import PackBuildError, Recipient, build_pack
    from midora.evidencepacks.engine.selection import Selection, SelectionError

    user = cli_user(args.user)
    output = Path(args.output)
    if output.suffix.lower() != ".zip":
        raise CommandError(f"--output {output}: the pack is a .zip file")
    if not output.parent.is_dir():
        raise CommandError(f"--output {output}: the folder {output.parent} does not exist")
    try:
        selection = Selection.parse(
            regime=args.regime,
            requirements=args.requirements,
            area=args.area,
            controls=args.controls,
            incident=args.incident,
            assessment=args.assessment,
            dossier=args.dossier,
            entity=args.entity,
            period_from=args.date_from,
            period_to=args.date_to,
        )
        with cli_progress("Evidence pack") as progress:
            pack = build_pack(
                user,
                selection,
                Recipient(args.recipient, args.purpose or ""),
                output,
                progress=progress,
            )
    except (SelectionError, PackBuildError) as exc:
        raise CommandError(str(exc)) from exc
    print(
        f"Wrote {output}: {pack.evidence_files} evidence files ({pack.evidence_bytes} bytes), "
        f"{pack.audit_events} audit events, {pack.file_count} files in all."
    )
    print(f"Pack {pack.pack_id} for {pack.recipient}; Merkle root {pack.merkle_root}")
    print(f"signed by key {pack.key_fingerprint}; registered as issued pack #{pack.pk}.")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from midora.evidencepacks.engine.verify import summary_lines, verify_pack

    pem = None
    if args.public_key:
        try:
            pem = Path(args.public_key).read_text()
        except OSError as exc:
            print(f"midora pack verify: --public-key: {exc}", file=sys.stderr)
            return 1
    report = verify_pack(Path(args.pack), pem)
    for line in summary_lines(report):
        print(line)
    from midora.evidencepacks.issued import check_issued, register_available

    if register_available():
        print(check_issued(report, Path(args.pack)).message)
    else:
        print("(No midora database here: whether this installation issued it was not checked.)")
    return report.exit_status


def cmd_key(args: argparse.Namespace) -> int:
    from midora.evidencepacks.keys import key_path, public_key

    key = public_key()
    if args.pem:
        print(key.pem, end="")
        return 0
    print(f"Evidence packs of this installation are signed with the Ed25519 key {key_path()}.")
    print(f"Fingerprint (SHA-256 of the raw public key): {key.fingerprint}")
    print("Public key (give it to whoever checks a pack: verify.py --public-key FILE):")
    print(key.pem, end="")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from midora.evidencepacks.models import IssuedPack

    packs = IssuedPack.objects.prefetch_related("entities")
    if not packs:
        print("No evidence pack issued yet.")
    for pack in packs:
        leis = ",".join(e.lei for e in pack.entities.all())
        print(
            f"#{pack.pk} {pack.built_at:%Y-%m-%d %H:%M} {pack.pack_id} by {pack.built_by_name} "
            f"for {pack.recipient} [{leis}] {pack.description} root {pack.merkle_root}"
        )
    return 0


def register(subparsers: Any) -> None:
    verbs = command_group(
        subparsers, "pack", help="build, verify and list evidence packs for regulators and auditors"
    )

    build = verbs.add_parser("build", help="build a signed evidence pack (.zip)")
    what = build.add_argument_group("what the pack covers (at least one)")
    what.add_argument("--regime", choices=["DORA", "MICA"], type=str.upper)
    what.add_argument("--requirements", metavar="ID,...", help="requirement identifiers")
    what.add_argument("--area", help="requirement area, e.g. 'ICT risk'")
    what.add_argument("--controls", metavar="CODE,...", help="control codes")
    what.add_argument("--incident", metavar="REF", help="an incident and its reports")
    what.add_argument("--assessment", metavar="NUMBER", help="a gap assessment and its results")
    what.add_argument(
        "--dossier", metavar="LEI", help="the MiCA authorisation dossier of an entity"
    )
    build.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    build.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    build.add_argument("--entity", metavar="LEI", help="one legal entity (default: all yours)")
    build.add_argument("--recipient", required=True, help="for whom (e.g. 'AMF, supervision')")
    build.add_argument("--purpose", help="why it is handed over")
    build.add_argument("--output", required=True, metavar="FILE.zip")
    build.add_argument("--user", help="build with this user's role and entities")
    build.set_defaults(handler=cmd_build)

    verify = verbs.add_parser("verify", help="check a pack's hashes, root, signature and audit")
    verify.add_argument("pack", metavar="PACK.zip", help="a pack file or an unpacked pack folder")
    verify.add_argument("--public-key", metavar="FILE", help="the issuer's public key (PEM)")
    verify.set_defaults(handler=cmd_verify)

    key = verbs.add_parser("key", help="print this installation's pack-signing public key")
    key.add_argument("--pem", action="store_true", help="only the PEM (to save to a file)")
    key.set_defaults(handler=cmd_key)

    listing = verbs.add_parser("list", help="the register of issued packs")
    listing.set_defaults(handler=cmd_list)
