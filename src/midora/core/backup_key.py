"""The keyed seal of a backup manifest: HMAC-SHA256 with a key kept in MIDORA_HOME.

The SHA-256 of each member in the manifest only detects accidents: whoever edits
`database.json` can recompute it. The seal covers the whole manifest (hence every member's
hash) with a key that never leaves the installation, so an archive whose content and manifest
were both altered is refused. Restoring on another machine needs the same key file
(`MIDORA_HOME/backup_key`, or `MIDORA_BACKUP_KEY_FILE`) copied there.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings

KEY_FILE = "backup_key"
SEAL_FIELD = "hmac_sha256"


def key_path() -> Path:
    return Path(os.environ.get("MIDORA_BACKUP_KEY_FILE") or Path(settings.HOME) / KEY_FILE)


def backup_key(*, create: bool) -> bytes | None:
    """The installation's backup key; generated (mode 0600) on the first backup."""
    path = key_path()
    if path.exists():
        return bytes.fromhex(path.read_text().strip())
    if not create:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # written by a concurrent backup: use that one
        return bytes.fromhex(path.read_text().strip())
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "w") as handle:
        handle.write(key.hex())
    return key


def _canonical(manifest: dict[str, Any]) -> bytes:
    body = {k: v for k, v in manifest.items() if k != SEAL_FIELD}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def seal(manifest: dict[str, Any]) -> None:
    """Add the keyed seal to a complete manifest."""
    key = backup_key(create=True)
    assert key is not None
    manifest[SEAL_FIELD] = hmac.new(key, _canonical(manifest), hashlib.sha256).hexdigest()


def seal_problem(manifest: dict[str, Any]) -> str | None:
    """Why the manifest's seal cannot be trusted, or None when it matches this installation's key."""
    given = manifest.get(SEAL_FIELD)
    if not isinstance(given, str):
        return "its manifest carries no keyed seal (HMAC), so its origin cannot be checked"
    key = backup_key(create=False)
    if key is None:
        return (
            f"this installation has no backup key ({key_path()}); copy the key file of the "
            "installation that made the backup"
        )
    expected = hmac.new(key, _canonical(manifest), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(given, expected):
        return (
            "its manifest does not match the keyed seal (HMAC): the archive was altered after it "
            "was made, or made with another installation's key"
        )
    return None
