"""Sign-in that holds: lockout after repeated failures, password rules, session lifetime."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.test import Client

from midora.cli import main as midora
from midora.core.choices import Role
from tests.factories import make_user

PASSWORD = "a-long-test-password"


def _sign_in(client: Client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password})


def test_ten_wrong_passwords_lock_the_account_for_the_configured_time(db, settings):
    make_user("victim", Role.COMPLIANCE_MANAGER)
    client = Client(REMOTE_ADDR="198.51.100.7")
    for attempt in range(10):
        response = _sign_in(client, "victim", f"wrong-{attempt}")
        assert response.status_code in {200, 429}
    # the right password is refused now, from this address and from any other
    locked = _sign_in(client, "victim", PASSWORD)
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode()
    assert "0:30:00" in locked.content.decode()
    elsewhere = _sign_in(Client(REMOTE_ADDR="203.0.113.9"), "victim", PASSWORD)
    assert elsewhere.status_code == 429
    assert "_auth_user_id" not in elsewhere.client.session


def test_nine_failures_then_the_right_password_signs_in_and_resets_the_count(db):
    make_user("careful", Role.AUDITOR)
    client = Client(REMOTE_ADDR="198.51.100.8")
    for attempt in range(9):
        assert _sign_in(client, "careful", f"wrong-{attempt}").status_code == 200
    assert _sign_in(client, "careful", PASSWORD).status_code == 302
    client.post("/logout/")
    for attempt in range(9):
        assert _sign_in(client, "careful", f"wrong-{attempt}").status_code == 200
    assert _sign_in(client, "careful", PASSWORD).status_code == 302


def test_lockout_expires_after_the_cool_off(db, settings):
    from axes.models import AccessAttempt
    from django.utils import timezone

    make_user("patient", Role.AUDITOR)
    client = Client(REMOTE_ADDR="198.51.100.9")
    for attempt in range(10):
        _sign_in(client, "patient", f"wrong-{attempt}")
    assert _sign_in(client, "patient", PASSWORD).status_code == 429
    # the last failure is older than the cool-off period: the lock is lifted
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timezone.timedelta(seconds=1)
    )
    assert _sign_in(client, "patient", PASSWORD).status_code == 302


def test_unlock_command_lifts_a_lockout(db, capsys):
    make_user("forgetful", Role.AUDITOR)
    client = Client(REMOTE_ADDR="198.51.100.10")
    for attempt in range(10):
        _sign_in(client, "forgetful", f"wrong-{attempt}")
    assert _sign_in(client, "forgetful", PASSWORD).status_code == 429
    assert midora(["unlock", "forgetful", "--address", "198.51.100.10"]) == 0
    assert "Lifted" in capsys.readouterr().out
    assert _sign_in(client, "forgetful", PASSWORD).status_code == 302


def test_one_address_is_locked_for_every_account(db):
    for name in ("u1", "u2"):
        make_user(name, Role.AUDITOR)
    client = Client(REMOTE_ADDR="198.51.100.11")
    for attempt in range(10):
        _sign_in(client, f"sprayed{attempt}", "Winter2026!")
    assert _sign_in(client, "u1", PASSWORD).status_code == 429
    assert _sign_in(Client(REMOTE_ADDR="198.51.100.12"), "u2", PASSWORD).status_code == 302


def test_behind_the_tls_proxy_the_forwarded_address_counts(db, settings):
    from midora.core.signin import client_address

    settings.MIDORA_HTTPS = True
    request = type(
        "R",
        (),
        {"META": {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.20"}},
    )()
    assert client_address(request) == "198.51.100.20"
    settings.MIDORA_HTTPS = False
    assert client_address(request) == "10.0.0.1"


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("dorothea-casp", "too similar to the username"),
        ("short-pw-1", "at least 12 characters"),
        ("password1234", "too common"),
        ("823749182374", "entirely numeric"),
    ],
)
def test_createuser_enforces_the_password_rules(db, capsys, monkeypatch, password, reason):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    assert midora(["createuser", "dorothea-casp", "--role", "auditor", "--password-stdin"]) == 2
    assert reason in capsys.readouterr().err


def test_createuser_without_a_terminal_says_how(db, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert midora(["createuser", "nobody", "--role", "auditor"]) == 2
    err = capsys.readouterr().err
    assert "no terminal" in err and "--password-stdin" in err and "Traceback" not in err
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="nobody").exists()


def test_sessions_last_twelve_hours_by_default(db):
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    make_user("timed", Role.AUDITOR)
    client = Client()
    assert _sign_in(client, "timed", PASSWORD).status_code == 302
    assert 12 * 3600 - 5 <= client.session.get_expiry_age() <= 12 * 3600


def test_token_screen_shows_last_use(compliance_user, client_for, api_for):
    from midora.core.accounts import issue_token

    _token, raw = issue_token(compliance_user, "siem")
    page = client_for(compliance_user).get("/account/tokens/").content.decode()
    assert "never" in page
    Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/entities/")
    page = client_for(compliance_user).get("/account/tokens/").content.decode()
    assert "never" not in page
