"""Two-step sign-in in a real browser: enrol from the QR page, sign out, sign in with a code
computed from the enrolled secret, and a wrong code refused."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from midora.core.choices import Role
from tests.browser.conftest import PASSWORD
from tests.core.test_second_factor import code_of
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _password_sign_in(page, username: str) -> None:
    page.goto("/governance/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")


def test_enrol_sign_out_and_sign_in_with_a_code(page, settings):
    settings.MIDORA_OTP_REQUIRED_ROLES = ["administrator"]
    make_user("root", Role.ADMINISTRATOR)

    _password_sign_in(page, "root")
    page.wait_for_url("**/account/second-factor/?next=*")
    assert page.locator("#otp-qr").get_attribute("src").startswith("data:image/svg+xml")
    assert page.evaluate("document.getElementById('otp-qr').naturalWidth") > 0
    secret = page.locator("#otp-secret").inner_text()
    device = TOTPDevice.objects.get(user__username="root", confirmed=False)
    from base64 import b32encode

    assert secret.replace(" ", "") == b32encode(device.bin_key).decode()
    page.fill("#id_code", code_of(device))
    page.click("#otp-submit")
    page.wait_for_url("**/governance/")
    assert page.locator("h1").first.is_visible()

    page.click("text=Sign out")
    page.wait_for_url("**/login/")

    _password_sign_in(page, "root")
    page.wait_for_url("**/account/second-factor/verify/?next=*")
    device.refresh_from_db()
    wrong = "123456" if code_of(device, 1) != "123456" else "654321"
    page.fill("#id_code", wrong)
    page.click("#otp-submit")
    expect(page.locator(".errorlist")).to_contain_text("not valid")
    page.goto("/governance/")
    assert "/account/second-factor/verify/" in page.url

    # django-otp delays a try after a wrong code; the test forgets the failure instead of waiting
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    device.refresh_from_db()
    page.fill("#id_code", code_of(device, 1))  # the enrolment spent this time step's code
    page.click("#otp-submit")
    page.wait_for_url("**/governance/")
    assert "/account/second-factor/" not in page.url
