"""Real headless Chromium (Debian's package) driven by Playwright against pytest-django's live server."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("MIDORA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "a-long-test-password"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: run scripts/ensure-test-deps (apt-get install chromium)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def watch_csp(page: Any) -> list[str]:
    """The list that fills with every Content-Security-Policy violation the page meets: Chromium
    reports each one in the console ("Refused to ... because it violates the following Content
    Security Policy directive ..."), on every page the test visits."""
    violations: list[str] = []

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", on_console)
    return violations


@pytest.fixture
def page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """A Chromium page on the live server; the test fails on any Content-Security-Policy violation
    that Chromium reports in the console."""
    context = chromium.new_context(base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(15000)
    page = context.new_page()
    violations = watch_csp(page)
    yield page
    context.close()
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))


@pytest.fixture
def login(page: Any) -> Callable[[str], Any]:
    """Sign in through the real login form as an existing user (password PASSWORD)."""

    def sign_in(username: str) -> Any:
        page.goto("/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)
        return page

    return sign_in
