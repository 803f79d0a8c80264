"""Whether a presented pack is one this installation issued: its signed root in the register."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils.translation import gettext as _

from midora.core.archive_limits import upload_limits
from midora.core.archives import ArchiveLimits, open_zip
from midora.evidencepacks import keys
from midora.evidencepacks.engine.verify import CHUNK, Report
from midora.evidencepacks.models import IssuedPack


@dataclass(frozen=True)
class IssuedCheck:
    pack: IssuedPack | None
    message: str

    @property
    def issued(self) -> bool:
        return self.pack is not None


GIB = 1024**3


def check_presented(path: Path) -> None:
    """Refuse an uploaded pack whose declared sizes make it a decompression bomb.

    A pack may be far larger than other uploads (its evidence is stored as is), so the size
    limits are wide; the compression ratio is the configured one (evidence is not compressed).
    The verifier then never reads more than each member declares."""
    limits = ArchiveLimits(
        max_total_bytes=64 * GIB,
        max_member_bytes=16 * GIB,
        max_members=500_000,
        max_ratio=upload_limits().max_ratio,
    )
    if path.is_file():
        open_zip(path, limits).close()


def register_available() -> bool:
    """A database with the register exists here (never creates one: verify works without)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and not Path(str(database["NAME"])).is_file():
        return False
    try:
        return IssuedPack._meta.db_table in connection.introspection.table_names()
    except DatabaseError:
        return False


def check_issued(report: Report, archive: Path | None = None, user: Any = None) -> IssuedCheck:
    """Look the verified root up in the register (limited to what `user` may see, if given)."""
    roots = {r for r in (report.signed_root, report.root) if r}
    if not roots:
        return IssuedCheck(None, _("The pack has no readable manifest; it cannot be looked up."))
    packs = IssuedPack.objects.all() if user is None else IssuedPack.objects.visible_to(user)
    pack = packs.filter(merkle_root__in=roots).first()
    ours = keys.key_path().exists() and report.fingerprint == keys.public_key().fingerprint
    if pack is None:
        if ours and report.signature == "valid":
            return IssuedCheck(
                None,
                _(
                    "Signed with this installation's key, but not in its register of issued packs "
                    "(the register was reset, or the pack is outside your entities)."
                ),
            )
        return IssuedCheck(
            None, _("Not issued by this installation: its root is not in the register.")
        )
    if report.problems:
        return IssuedCheck(
            pack,
            _(
                "It claims to be pack %(pack)s, issued %(built)s UTC for %(recipient)s, but the "
                "copy presented does not verify (see the problems)."
            )
            % {
                "pack": pack.pack_id,
                "built": f"{pack.built_at:%Y-%m-%d %H:%M}",
                "recipient": pack.recipient,
            },
        )
    identical = (
        archive is not None and archive.is_file() and _sha256(archive) == pack.archive_sha256
    )
    text = (
        _(
            "Issued by this installation: pack %(pack)s, built %(built)s UTC by %(who)s for "
            "%(recipient)s (byte for byte the archive issued)."
        )
        if identical
        else _(
            "Issued by this installation: pack %(pack)s, built %(built)s UTC by %(who)s for "
            "%(recipient)s (the same signed content)."
        )
    )
    return IssuedCheck(
        pack,
        text
        % {
            "pack": pack.pack_id,
            "built": f"{pack.built_at:%Y-%m-%d %H:%M}",
            "who": pack.built_by_name,
            "recipient": pack.recipient,
        },
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
