"""Where midora keeps its state on this machine (MIDORA_HOME) and the secret key inside it."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SECRET_KEY_FILE = "secret_key"


def midora_home() -> Path:
    """The MIDORA_HOME folder (default ~/.midora); created on first use."""
    home = Path(os.environ.get("MIDORA_HOME", Path.home() / ".midora")).expanduser()
    home.mkdir(parents=True, exist_ok=True)
    return home


def read_secret_key(home: Path) -> str:
    """The secret key kept in MIDORA_HOME, generated (mode 0600) the first time it is needed."""
    path = home / SECRET_KEY_FILE
    if not path.exists():
        key = secrets.token_urlsafe(50)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process wrote it first: use theirs
            return path.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key
    return path.read_text().strip()
