"""The language switcher in real Chromium: a browser asking for French gets French pages, the
DE button switches to German and the choice stays on the next pages, EN switches back.

With MIDORA_SCREENSHOTS=DIR set, the German and French home and scope pages are saved into DIR
at desktop width (docs/screenshots/*-de-desktop.png, *-fr-desktop.png)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}


def _shoot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    shots = os.environ.get("MIDORA_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(shots) / f"{name}-desktop.png"))


def test_browser_language_switcher_and_remembered_choice(chromium, live_server):
    from tests.demo_snapshot import load_demo_once

    load_demo_once(seed=2026, password=PASSWORD)
    context = chromium.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_viewport_size(DESKTOP)
    page.goto("/login/")
    assert page.get_attribute("html", "lang") == "fr"
    assert page.locator("h1").inner_text() == "Se connecter à midora"
    page.fill("#id_username", "compliance")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/")
    assert page.get_by_role("heading", name="Mon travail").count() == 1
    _shoot(page, "home-fr")

    page.get_by_role("button", name="DE Deutsch").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "de"
    assert page.get_by_role("heading", name="Meine Aufgaben").count() == 1
    assert page.get_by_role("button", name="DE Deutsch").get_attribute("aria-pressed") == "true"
    _shoot(page, "home-de")
    page.goto("/scope/")
    assert page.locator("h1").inner_text() == "Regulatorische Übersicht des Geltungsbereichs"
    _shoot(page, "scope-map-de")
    page.goto("/third-parties/")
    assert page.locator("h1").inner_text() == "IKT-Drittdienstleister"
    _shoot(page, "third-parties-de")

    page.get_by_role("button", name="EN English").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en-gb"
    assert page.locator("h1").inner_text() == "ICT third parties"
    context.close()
