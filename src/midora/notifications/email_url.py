"""MIDORA_EMAIL_URL (smtp://, smtp+tls://, smtp+ssl://) as SMTP connection settings. No Django."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

SCHEMES = {"smtp": (False, False), "smtp+tls": (True, False), "smtp+ssl": (False, True)}
DEFAULT_PORTS = {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465}


class EmailUrlError(ValueError):
    """A MIDORA_EMAIL_URL that cannot be used."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    username: str
    password: str
    use_tls: bool
    use_ssl: bool


def parse_email_url(url: str) -> SmtpSettings:
    """smtp://host:port, smtp+tls://user:pass@host:587 (STARTTLS), smtp+ssl://user:pass@host:465."""
    parts = urlsplit(url.strip())
    if parts.scheme not in SCHEMES:
        raise EmailUrlError(
            f"MIDORA_EMAIL_URL must start with smtp://, smtp+tls:// or smtp+ssl:// (got {url!r})"
        )
    if not parts.hostname:
        raise EmailUrlError(f"MIDORA_EMAIL_URL {url!r} names no host")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError as exc:
        raise EmailUrlError(f"MIDORA_EMAIL_URL {url!r} has an invalid port") from exc
    use_tls, use_ssl = SCHEMES[parts.scheme]
    return SmtpSettings(
        host=parts.hostname,
        port=port,
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
    )
