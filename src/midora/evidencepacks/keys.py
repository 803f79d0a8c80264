"""The installation's Ed25519 signing key for evidence packs, kept in MIDORA_HOME.

The private key is created on first use (PKCS#8 PEM, mode 0600) and signs nothing but pack
roots; its public key is what `midora pack key` prints and the web UI shows.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from midora.evidencepacks.engine.verify import key_fingerprint

KEY_FILE = "evidence-pack-signing-key.pem"


@dataclass(frozen=True)
class PublicKey:
    raw: bytes
    pem: str

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.raw)


def key_path() -> Path:
    from django.conf import settings

    return Path(settings.HOME) / KEY_FILE


def _write_new_key(path: Path) -> None:
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: keep theirs
        return
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def signing_key() -> Ed25519PrivateKey:
    """The installation's private key (created the first time a pack is signed)."""
    path = key_path()
    if not path.exists():
        _write_new_key(path)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


def public_key() -> PublicKey:
    public = signing_key().public_key()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")
    return PublicKey(raw, pem)


def sign_root(root_hex: str) -> bytes:
    """Ed25519 signature of the root as its 64 ASCII hex characters."""
    return signing_key().sign(root_hex.encode("ascii"))
