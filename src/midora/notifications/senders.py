"""Sending one delivery: an e-mail over SMTP (MIDORA_EMAIL_URL) in the recipient's language, or a
signed webhook POST (English, for programs)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from midora.core.languages import language_of
from midora.notifications.email_url import parse_email_url
from midora.notifications.signing import signature_header

WEBHOOK_TIMEOUT = 10


class DeliveryError(Exception):
    """The channel refused or did not answer; the message says why."""

    def __init__(self, message: str, status: int | None = None, retry: bool = True) -> None:
        super().__init__(message)
        self.status = status
        self.retry = retry


def absolute(url: str) -> str:
    return url if url.startswith("http") else f"{settings.MIDORA_BASE_URL}{url}"


def payload(alert: Any) -> dict[str, Any]:
    return {
        "event": alert.event,
        "lead": alert.lead,
        "key": alert.key,
        "title": alert.title,
        "url": absolute(alert.url),
        "entity": alert.entity.name if alert.entity_id else None,
        "entity_lei": alert.entity.lei if alert.entity_id else None,
        "due_at": alert.due_at.isoformat() if alert.due_at else None,
        "recipient": alert.recipient.get_username(),
        "alert_id": alert.pk,
        "raised_at": alert.created_at.isoformat(),
    }


def email_text(alert: Any) -> tuple[str, str]:
    """The e-mail's subject and body in the active language (the worker activates the
    recipient's): the title said from its sentence, times and figures as the pages show them."""
    context = {"alert": alert, "link": absolute(alert.url), "base_url": settings.MIDORA_BASE_URL}
    return (
        f"[midora] {alert.said_title}",
        render_to_string("notifications/email.txt", context),
    )


def send_email(alert: Any) -> None:
    """The alert by e-mail, in the recipient's language (`midora.core.languages.language_of`)."""
    if not settings.MIDORA_EMAIL_URL:
        raise DeliveryError("MIDORA_EMAIL_URL is not set: no SMTP server to send to.", retry=False)
    smtp = parse_email_url(settings.MIDORA_EMAIL_URL)
    connection = get_connection(
        "django.core.mail.backends.smtp.EmailBackend",
        host=smtp.host,
        port=smtp.port,
        username=smtp.username or None,
        password=smtp.password or None,
        use_tls=smtp.use_tls,
        use_ssl=smtp.use_ssl,
        timeout=30,
    )
    language = language_of(alert.recipient)
    with translation.override(language):
        subject, body = email_text(alert)
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.MIDORA_EMAIL_FROM,
        to=[alert.recipient.email],
        connection=connection,
        headers={"X-Midora-Event": alert.event, "Content-Language": language},
    )
    try:
        message.send()
    except OSError as exc:  # smtplib errors are OSErrors too
        raise DeliveryError(f"SMTP {smtp.host}:{smtp.port}: {exc}") from exc


def send_webhook(alert: Any, endpoint: Any, delivery_id: int) -> int:
    """POST the alert as JSON, signed; returns the HTTP status (2xx) or raises DeliveryError."""
    body = json.dumps(payload(alert), separators=(",", ":"), sort_keys=True).encode()
    timestamp = int(time.time())
    request = urllib.request.Request(
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "midora-webhook/1",
            "X-Midora-Event": alert.event,
            "X-Midora-Delivery": str(delivery_id),
            "X-Midora-Timestamp": str(timestamp),
            "X-Midora-Signature": signature_header(endpoint.secret, timestamp, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code} from {endpoint.url}", status=exc.code) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryError(f"{endpoint.url} did not answer: {exc}") from exc
