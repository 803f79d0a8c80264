"""The demo as people read it: the main pages (crawled as an administrator), the board pack PDF
and the Excel exports carry no number with more than two decimals and no internal code used as
a label (`t9_1`, `readiness.dora.compliance`, raw EBA rule formulas, snake_case keys); no
crawled page runs a statement once per record (tests/generic/queries.py)."""

from __future__ import annotations

import io
import re
import subprocess
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.generic.queries import repeated
from tests.generic.readable import problems_in_html, problems_in_text

pytestmark = pytest.mark.django_db

START = [
    "/",
    "/scope/",
    "/compliance/",
    "/compliance/crosswalk/",
    "/ict-risk/",
    "/incidents/",
    "/incidents/recurring/",
    "/third-parties/",
    "/third-parties/roi/",
    "/resilience/",
    "/governance/",
    "/board/dashboard/",
    "/board/remediation/",
    "/authorisation/",
    "/audit/",
]
SKIP = re.compile(r"/(logout|delete|export|download|static|api|media)\b|\.(zip|xlsx|csv|pdf|json)$")
PAGES = 220
PER_SHAPE = 2  # detail pages of one kind: the first two are enough


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not href.startswith("//"):
            self.links.append(href.split("#")[0])


def crawl(client: Client) -> dict[str, list[str]]:
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    queue, found = list(START), {}
    while queue and len(seen) < PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if again := repeated(queries.captured_queries):
            found[url] = [f"run {count} times: {shape}" for shape, count in again.items()]
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        if problems := problems_in_html(html):
            found.setdefault(url, []).extend(problems)
        parser = _Links()
        parser.feed(html)
        for link in parser.links:
            path = urlparse(link).path
            if SKIP.search(path) or "export=" in link or link in seen:
                continue
            shape = re.sub(r"\d+", "N", path) + ("?" if "?" in link else "")
            shapes[shape] = shapes.get(shape, 0) + 1
            if shapes[shape] <= PER_SHAPE:
                queue.append(link)
    assert len(seen) > 60, f"only {len(seen)} pages reached"
    return found


@pytest.fixture
def admin_client(world, settings):
    settings.MIDORA_OTP_REQUIRED_ROLES = []
    client = Client()
    client.force_login(world.users["administrator"])
    return client


def test_pages_show_no_long_decimals_nor_internal_codes(admin_client):
    found = crawl(admin_client)
    assert not found, "\n".join(f"{url}: {'; '.join(p[:3])}" for url, p in found.items())


def test_board_pack_pdf_reads_right(world):
    import datetime as dt

    from midora.boardpack.generate import build_pack, render_pdf

    today = dt.date.today()
    pack = build_pack(world.users["administrator"], today.replace(month=1, day=1), today)
    pdf = render_pdf(pack)
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Readiness per regime" in text
    assert not problems_in_text(text), problems_in_text(text)[:10]


@pytest.mark.parametrize(
    "url",
    ["/functions/?export=xlsx", "/ict-risk/risks/?export=xlsx", "/governance/actions/?export=xlsx"],
)
def test_excel_exports_hold_no_float_noise(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200, url
    sheet = load_workbook(io.BytesIO(response.content)).active
    for row in sheet.iter_rows(values_only=True):
        for value in row:
            if isinstance(value, float):
                assert round(value, 2) == value, (url, value)
            elif isinstance(value, str):
                assert not problems_in_text(value), (url, value)
