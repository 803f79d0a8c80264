"""The main pages of the demo, in real Chromium: axe-core finds no serious or critical
accessibility violation, and no page is wider than a 390-pixel phone screen (wide tables scroll
inside their own box) nor than a 1280-pixel desktop one.

With MIDORA_SCREENSHOTS=DIR set, the same walk saves each page at both widths into DIR (this is
how docs/screenshots/ is made)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SERIOUS = ("serious", "critical")

# (file name, path); detail pages are added from the demo's records
MAIN_PAGES = [
    ("home", "/"),
    ("scope-map", "/scope/"),
    ("business-functions", "/functions/"),
    ("compliance", "/compliance/"),
    ("crosswalk", "/compliance/crosswalk/"),
    ("controls", "/compliance/controls/"),
    ("ict-risk", "/ict-risk/"),
    ("risk-register", "/ict-risk/risks/"),
    ("heatmap", "/ict-risk/heatmap/"),
    ("incidents", "/incidents/"),
    ("third-parties", "/third-parties/"),
    ("register-of-information", "/third-parties/roi/"),
    ("resilience", "/resilience/"),
    ("governance", "/governance/"),
    ("authorisation", "/authorisation/"),
    ("board-dashboard", "/board/dashboard/"),
    ("board-packs", "/board/"),
    ("audit-log", "/audit/"),
    ("evidence-packs", "/packs/"),
]


def detail_pages() -> list[tuple[str, str]]:
    from midora.core.models import BusinessFunction
    from midora.ictrisk.models import Risk
    from midora.incidents.models import Incident

    major = Incident.objects.order_by("pk").first()
    return [
        ("business-function", BusinessFunction.objects.order_by("pk").first().get_absolute_url()),
        ("risk", Risk.objects.order_by("pk").first().get_absolute_url()),
        ("incident", major.get_absolute_url()),
    ]


def test_main_pages_are_accessible_and_fit_phone_and_desktop(page, login):
    from axe_playwright_python.sync_playwright import Axe

    from tests.demo_snapshot import load_demo_once

    load_demo_once(seed=2026, password=PASSWORD)
    shots = os.environ.get("MIDORA_SCREENSHOTS")
    login("compliance")
    axe = Axe()
    problems: list[str] = []
    for name, url in [*MAIN_PAGES, *detail_pages()]:
        for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
            page.set_viewport_size(size)
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > size["width"]:
                problems.append(f"{url} at {size['width']} px is {width} px wide")
            if label == "phone":
                results = axe.run(page).response["violations"]
                problems += [
                    f"{url}: {v['id']} ({v['impact']}) on {len(v['nodes'])} element(s): "
                    f"{v['nodes'][0]['target']}"
                    for v in results
                    if v["impact"] in SERIOUS
                ]
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(shots) / f"{name}-{label}.png"))
    assert not problems, "\n".join(problems)
