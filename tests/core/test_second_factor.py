"""The second factor (django-otp TOTP): required per role, enrolment, verification, API, reset."""

from __future__ import annotations

import importlib
import time
from binascii import unhexlify

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from midora.cli import main as midora
from midora.core.choices import Role
from midora.core.models import AuditEvent
from tests.factories import make_user

PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def _administrators_need_it(settings):
    settings.MIDORA_OTP_REQUIRED_ROLES = ["administrator"]


def code_of(device: TOTPDevice, drift: int = 0) -> str:
    """The code an authenticator app shows now (``drift`` steps ahead) for this device."""
    key = unhexlify(device.key.encode())
    value = totp(key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{value:0{device.digits}d}"


def _unthrottle(device: TOTPDevice) -> None:
    """Forget earlier wrong codes (django-otp delays the next try by 2^n seconds after n)."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


def _signed_in(username: str) -> Client:
    client = Client()
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _enrolled(client: Client, username: str) -> TOTPDevice:
    assert client.get("/account/second-factor/").status_code == 200
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    response = client.post("/account/second-factor/", {"code": code_of(device), "next": "/"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_the_shipped_default_requires_it_of_administrators(monkeypatch):
    import midora.settings as shipped

    monkeypatch.delenv("MIDORA_OTP_REQUIRED_ROLES", raising=False)
    assert importlib.reload(shipped).MIDORA_OTP_REQUIRED_ROLES == ["administrator"]
    monkeypatch.setenv("MIDORA_OTP_REQUIRED_ROLES", "administrator, compliance_manager")
    assert importlib.reload(shipped).MIDORA_OTP_REQUIRED_ROLES == [
        "administrator",
        "compliance_manager",
    ]
    monkeypatch.setenv("MIDORA_OTP_REQUIRED_ROLES", "none")
    assert importlib.reload(shipped).MIDORA_OTP_REQUIRED_ROLES == []
    monkeypatch.setenv("MIDORA_OTP_REQUIRED_ROLES", "admin")
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="unknown role"):
        importlib.reload(shipped)
    monkeypatch.delenv("MIDORA_OTP_REQUIRED_ROLES")
    importlib.reload(shipped)


def test_an_administrator_reaches_no_page_before_enrolling(db):
    make_user("root", Role.ADMINISTRATOR)
    client = _signed_in("root")
    for path in ("/", "/scope/", "/governance/", "/account/tokens/", "/audit/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/account/second-factor/?next="), path
    # nor the API with the session
    assert client.get("/api/entities/").status_code == 401
    page = client.get("/account/second-factor/")
    body = page.content.decode()
    assert 'src="data:image/svg+xml' in body and "otp-secret" in body
    assert "http" not in body.split('id="otp-qr"')[0].rsplit("<img", 1)[1].split("data:")[0]


def test_enrolment_needs_a_right_code_then_the_session_is_verified(db):
    make_user("root", Role.ADMINISTRATOR)
    client = _signed_in("root")
    client.get("/account/second-factor/")
    device = TOTPDevice.objects.get(user__username="root")
    refused = client.post("/account/second-factor/", {"code": "000000"})
    if code_of(device) == "000000":  # one chance in a million
        pytest.skip("the current code happens to be 000000")
    assert refused.status_code == 200 and "does not match" in refused.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    _unthrottle(device)
    _enrolled(client, "root")
    assert client.get("/").status_code == 200
    assert client.get("/api/entities/").status_code == 200
    event = AuditEvent.objects.filter(record_type="core.userprofile").latest("sequence")
    assert event.changes == {"second_factor": [False, True]}


def test_next_sign_in_asks_for_a_code_and_refuses_a_wrong_one(db):
    make_user("root", Role.ADMINISTRATOR)
    device = _enrolled(_signed_in("root"), "root")
    client = _signed_in("root")
    response = client.get("/governance/")
    assert response["Location"] == "/account/second-factor/verify/?next=%2Fgovernance%2F"
    # enrolling again is not a way around the code
    again = client.get("/account/second-factor/")
    assert again["Location"].startswith("/account/second-factor/verify/")
    wrong = "123456" if code_of(device, 1) != "123456" else "654321"
    refused = client.post("/account/second-factor/verify/", {"code": wrong, "next": "/governance/"})
    assert refused.status_code == 403 and "not valid" in refused.content.decode()
    assert client.get("/").status_code == 302
    # a code of the next time step (the enrolment used this one; a code is good once)
    _unthrottle(device)
    accepted = client.post(
        "/account/second-factor/verify/", {"code": code_of(device, 1), "next": "/governance/"}
    )
    assert accepted.status_code == 302 and accepted["Location"] == "/governance/"
    assert client.get("/governance/").status_code == 200


def test_a_redirect_after_the_code_stays_on_this_site(db):
    make_user("root", Role.ADMINISTRATOR)
    client = _signed_in("root")
    client.get("/account/second-factor/")
    device = TOTPDevice.objects.get(user__username="root")
    response = client.post(
        "/account/second-factor/", {"code": code_of(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_roles_not_listed_sign_in_with_the_password_alone(db):
    make_user("auditor", Role.AUDITOR)
    client = _signed_in("auditor")
    assert client.get("/").status_code == 200
    assert client.get("/account/second-factor/").status_code == 200  # may enrol of their accord


def test_a_user_who_enrolled_of_their_accord_then_needs_it(db):
    make_user("careful", Role.AUDITOR)
    device = _enrolled(_signed_in("careful"), "careful")
    client = _signed_in("careful")
    assert client.get("/")["Location"].startswith("/account/second-factor/verify/")
    assert code_of(device)  # the device stays enrolled


def test_api_tokens_are_unaffected(db, api_for):
    admin = make_user("root", Role.ADMINISTRATOR)
    assert api_for(admin).get("/api/entities/").status_code == 200


def test_the_cli_resets_a_lost_authenticator_and_the_audit_trail_says_so(db, capsys):
    make_user("root", Role.ADMINISTRATOR)
    _enrolled(_signed_in("root"), "root")
    assert midora(["otp", "status", "root"]) == 0
    assert "enrolled; second factor required by role" in capsys.readouterr().out
    assert midora(["otp", "reset", "root"]) == 0
    assert "enrol again" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user__username="root").exists()
    event = AuditEvent.objects.filter(record_type="core.userprofile").latest("sequence")
    assert event.changes == {"second_factor": [True, False]}
    assert event.source == "cli"
    # next sign-in enrols again
    client = _signed_in("root")
    assert client.get("/")["Location"].startswith("/account/second-factor/?next=")
    assert midora(["otp", "reset", "nobody"]) != 0


def test_verification_is_throttled_after_failures(db):
    make_user("root", Role.ADMINISTRATOR)
    device = _enrolled(_signed_in("root"), "root")
    client = _signed_in("root")
    wrong = "111111" if code_of(device, 1) != "111111" else "222222"
    for _ in range(3):
        client.post("/account/second-factor/verify/", {"code": wrong})
    # even the right code waits out the throttle (django-otp doubles the delay per failure)
    refused = client.post("/account/second-factor/verify/", {"code": code_of(device, 1)})
    assert refused.status_code == 403
    assert time.time()  # no sleeping: the throttle window is longer than this test
