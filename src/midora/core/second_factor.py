"""The second factor: time-based one-time passwords (django-otp's TOTP devices).

DORA RTS 2024/1774 Art. 21(1)(f) asks for strong authentication. A user needs the second factor
when their role is listed in ``MIDORA_OTP_REQUIRED_ROLES`` (administrators by default) or when they
have enrolled an authenticator of their own accord. Until the session is verified such a user
reaches only the enrolment and verification pages (`midora.core.middleware.SecondFactorMiddleware`)
and the API refuses the session (API tokens are unaffected). Every enrolment and reset is audited
on the user's profile.
"""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from midora.core import audit
from midora.core.models import UserProfile

DEVICE_NAME = "authenticator"


SESSION_KEY = "midora_has_second_factor"


def role_requires_it(user: Any) -> bool:
    from midora.core.permissions import role_of

    role = role_of(user)
    return bool(role) and role in settings.MIDORA_OTP_REQUIRED_ROLES


def has_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def required(user: Any) -> bool:
    """Whether this user must give a one-time password after signing in."""
    return role_requires_it(user) or has_device(user)


def pending(request: Any) -> bool:
    """Signed in with a password (or single sign-on) but not yet verified, though required."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if getattr(user, "is_verified", lambda: False)():
        return False
    if role_requires_it(user):
        return True
    # whether the user enrolled of their own accord, looked up once per session
    if SESSION_KEY not in request.session:
        request.session[SESSION_KEY] = has_device(user)
    return request.session[SESSION_KEY]


def enrolment_device(user: Any) -> TOTPDevice:
    """The user's unconfirmed device (made on first call), whose secret the enrolment page shows."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code in a data: URI (no external resource)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, grouped by four, for authenticator apps without a camera."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _audit(user: Any, before: bool, after: bool) -> None:
    profile, _ = UserProfile.objects.get_or_create(user=user)
    audit.record_change(profile, audit.UPDATE, {"second_factor": [before, after]})


def confirm(request: Any, device: TOTPDevice, code: str) -> bool:
    """Confirm an enrolment with a first code from the app; the session is then verified."""
    with transaction.atomic():
        if not device.verify_token(_clean(code)):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
        _audit(device.user, False, True)
    otp_login(request, device)
    request.session[SESSION_KEY] = True
    return True


def verify(request: Any, code: str) -> bool:
    """Check a code against the user's confirmed devices; on success the session is verified."""
    for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
        if device.verify_token(_clean(code)):
            otp_login(request, device)
            return True
    return False


def reset(user: Any) -> int:
    """Remove every device of the user (a lost phone); the next sign-in enrols again."""
    with transaction.atomic():
        had = has_device(user)
        count, _ = TOTPDevice.objects.filter(user=user).delete()
        if had:
            _audit(user, True, False)
    return count


def _clean(code: str) -> str:
    return "".join((code or "").split())
