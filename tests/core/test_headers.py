"""Security headers: a Content-Security-Policy on every page, and a deployment behind TLS that
`check --deploy` finds clean."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from midora.core.models import BusinessFunction, ServiceOffering

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.django_db
def test_every_page_reached_from_home_sends_the_policy(entity, admin_user, client_for):
    ServiceOffering.objects.create(entity=entity, service="custody", member_states=["FR"])
    BusinessFunction.objects.create(entity=entity, identifier="F-1", name="Custody")
    client = client_for(admin_user)
    seen, queue, html_pages = set(), ["/"], 0
    while queue and len(seen) < 150:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html_pages += 1
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy, url
        for link in re.findall(r'href="(/[^"#?]*)"', response.content.decode()):
            if not link.startswith(("/static/", "/logout", "/api/")) and link not in seen:
                queue.append(link)
    assert html_pages > 30
    # and the sign-in page, before anyone is signed in
    from django.test import Client

    assert "script-src 'self'" in Client().get("/login/")["Content-Security-Policy"]


def test_no_template_carries_inline_script_or_event_handlers():
    templates = list((SRC / "midora").rglob("templates/**/*.html"))
    assert templates
    for path in templates:
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert not re.search(r"\son[a-z]+\s*=", text), path


def _check_deploy(extra: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MIDORA_", "DJANGO_"))
    }
    env.update(
        PYTHONPATH=str(SRC),
        MIDORA_HOME=str(tmp_path),
        MIDORA_ALLOWED_HOSTS="midora.example.eu",
        DJANGO_SETTINGS_MODULE="midora.settings",
        **extra,
    )
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_behind_tls(tmp_path):
    result = _check_deploy({"MIDORA_HTTPS": "1"}, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_https(tmp_path):
    result = _check_deploy({}, tmp_path)
    assert result.returncode != 0
    for warning in ("W004", "W008", "W012", "W016"):
        assert warning in result.stderr + result.stdout


def test_https_settings_turn_on_secure_cookies_hsts_redirect_and_proxy_header(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("MIDORA_")}
    env.update(PYTHONPATH=str(SRC), MIDORA_HOME=str(tmp_path), MIDORA_HTTPS="1")
    env["DJANGO_SETTINGS_MODULE"] = "midora.settings"
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.split() == [
        "True",
        "True",
        "True",
        "31536000",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
    ]


@pytest.mark.django_db
def test_behind_tls_plain_http_is_redirected_and_cookies_are_secure(settings, compliance_user):
    from django.test import Client

    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = True
    client = Client()
    plain = client.get("/login/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = client.get("/login/", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert "max-age=31536000" in secure["Strict-Transport-Security"]
    signed_in = client.post(
        "/login/",
        {"username": "compliance", "password": "a-long-test-password"},
        headers={"X-Forwarded-Proto": "https"},
    )
    assert signed_in.cookies["sessionid"]["secure"]
