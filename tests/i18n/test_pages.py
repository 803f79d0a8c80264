"""(c) The pages of each translated app, crawled from its main pages as an administrator, render
in German and in French: status 200, `<html lang>` set to the language, and no English UI
string of the catalogues shown as a whole text or label."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from django.test import Client

from midora.urls import APP_PREFIXES
from tests.i18n.coverage import LANGUAGES, TRANSLATED_APPS
from tests.i18n.pages import english_ui_strings, read_page

pytestmark = pytest.mark.django_db

CORE_PAGES = [
    "/",
    "/scope/",
    "/functions/",
    "/entities/",
    "/services/",
    "/audit/",
    "/account/tokens/",
]
# the main pages (tests/browser/test_accessibility.py) and a few more per app
START = {
    "core": CORE_PAGES,
    "compliance": ["/compliance/", "/compliance/crosswalk/", "/compliance/controls/"],
    "suppliers": ["/third-parties/", "/third-parties/roi/"],
    "jobs": ["/jobs/"],
    "notifications": ["/notifications/", "/notifications/preferences/", "/notifications/webhooks/"],
    "reviews": ["/reviews/"],
}
SKIP = re.compile(
    r"^/(logout|api|static|i18n|oidc)/|/(delete|export|download|status)/|\.(zip|xlsx|csv|pdf|json)$"
)
PAGES_PER_APP = 30
PER_SHAPE = 1


def app_of(path: str) -> str:
    for label, prefix in APP_PREFIXES.items():
        if path.startswith("/" + prefix):
            return label
    return "core"


def catalogue_texts() -> set[str]:
    """Texts of the shipped regulatory catalogues, control library and EBA Register of
    Information taxonomy (template names, closed-list labels): they stay in the language they
    are written in, even where one reads like a UI label ("ICT risk", "Not applicable")."""
    from midora.compliance.models import Control, Framework, Requirement
    from midora.suppliers.roi.spec import enumerations, templates

    texts: set[str] = {spec.label for spec in templates().values()}
    texts |= {m.label for e in enumerations().values() for m in e.members}
    texts |= {m.label[:1].upper() + m.label[1:] for e in enumerations().values() for m in e.members}
    for model, fields in (
        (Requirement, ("title", "area")),
        (Control, ("title", "area")),
        (Framework, ("regulation",)),
    ):
        for row in model.objects.values_list(*fields):
            texts.update(" ".join(str(v).split()) for v in row if v)
    return texts


def crawl(client: Client, app: str, language: str) -> dict[str, list[str]]:
    english = english_ui_strings(TRANSLATED_APPS) - catalogue_texts()
    queue = list(START.get(app) or [f"/{APP_PREFIXES[app]}"])
    seen: set[str] = set()
    shapes: set[str] = set()
    problems: dict[str, list[str]] = {}
    while queue and len(seen) < PAGES_PER_APP:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, headers={"accept-language": language})
        if response.status_code != 200:
            problems[url] = [f"status {response.status_code}"]
            continue
        if "text/html" not in response["Content-Type"]:
            continue
        page = read_page(response.content.decode())
        found = [] if page.lang == language else [f"<html lang={page.lang!r}>"]
        found += sorted({text for text in page.texts if text in english})
        if found:
            problems[url] = found
        for link in page.links:
            path = urlparse(link).path
            if not link.startswith("/") or SKIP.search(path) or "export=" in link:
                continue
            shape = re.sub(r"\d+", "N", path) + ("?" if "?" in link else "")
            if app_of(path) == app and shape not in shapes and link not in seen:
                shapes.add(shape)
                queue.append(link)
    return problems


@pytest.fixture
def admin_client(world, settings):
    client = Client()
    client.force_login(world.users["administrator"])
    return client


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", TRANSLATED_APPS)
def test_pages_render_translated(admin_client, app, language):
    problems = crawl(admin_client, app, language)
    assert not problems, "\n".join(f"{url}: {'; '.join(p[:8])}" for url, p in problems.items())


def test_the_browser_language_is_honoured_and_the_switcher_remembers(admin_client):
    page = read_page(
        admin_client.get("/", headers={"accept-language": "fr-FR,fr;q=0.9"}).content.decode()
    )
    assert page.lang == "fr"
    response = admin_client.post("/i18n/setlang/", {"language": "de", "next": "/scope/"})
    assert response.status_code == 302 and response["Location"] == "/scope/"
    html = admin_client.get("/scope/", headers={"accept-language": "fr"}).content.decode()
    assert read_page(html).lang == "de"
    assert 'aria-pressed="true"' in html.split('value="de"', 1)[1].split(">", 1)[0]
    admin_client.post("/i18n/setlang/", {"language": "en-gb", "next": "/"})
    assert read_page(admin_client.get("/").content.decode()).lang == "en-gb"


def test_the_sign_in_page_offers_the_switcher(client):
    html = client.get("/login/", headers={"accept-language": "de"}).content.decode()
    assert read_page(html).lang == "de"
    assert 'action="/i18n/setlang/"' in html


def test_the_api_answers_in_english_whatever_the_client_asks(admin_client):
    response = admin_client.get("/api/functions/?limit=1", headers={"accept-language": "de"})
    assert response.status_code == 200
    assert response["Content-Language"] == "en-gb"
