"""Every page runs under the Content-Security-Policy with no violation (the shared `page` fixture
fails a test on any); the watch itself catches an inline script."""

from __future__ import annotations

import pytest

from midora.core.choices import Role
from midora.core.models import BusinessFunction
from tests.browser.conftest import watch_csp
from tests.factories import make_entity, make_user

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/scope/",
    "/entities/",
    "/functions/",
    "/functions/{function}/",
    "/functions/{function}/edit/",
    "/functions/{function}/history/",
    "/audit/",
    "/account/tokens/",
    "/account/second-factor/",
    "/compliance/",
    "/ict-risk/",
    "/incidents/",
    "/third-parties/",
    "/third-parties/concentration/",
    "/resilience/",
    "/governance/",
    "/board/",
    "/api/docs",
]


def test_pages_run_without_a_violation(page, login):
    casp = make_entity("Alpha CASP SAS", "FR")
    function = BusinessFunction.objects.create(entity=casp, identifier="F-1", name="Custody")
    make_user("officer", Role.COMPLIANCE_MANAGER, [casp])
    login("officer")
    for url in PAGES:
        response = page.goto(url.format(function=function.pk))
        assert response.status in {200}, url
        assert "default-src 'self'" in response.headers["content-security-policy"], url
        page.wait_for_load_state("networkidle")
    # the local scripts (htmx) load and run under the policy
    page.goto("/functions/")
    assert page.evaluate("typeof htmx") == "object"


def test_the_watch_catches_an_inline_script(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    violations = watch_csp(page)
    page.goto("/login/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = 1'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected") is None
    context.close()
    assert violations and "script-src" in violations[0]
