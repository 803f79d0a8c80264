"""What a reader sees on a rendered page, and which English UI strings must not be among it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tests.i18n.catalogues import messages
from tests.i18n.coverage import LANGUAGES, po_path
from tests.i18n.template_text import BUTTON_INPUTS, HUMAN_ATTRIBUTES

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|[<>{}]")


class VisibleText(HTMLParser):
    """The text nodes and human-facing attributes of a page (scripts and styles left out), each
    with its whitespace collapsed, and the links of the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self.lang: str | None = None
        self._raw = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        if tag in ("script", "style"):
            self._raw += 1
        if tag == "a" and (href := values.get("href")):
            self.links.append(href)
        for name, value in attrs:
            if value and (
                name in HUMAN_ATTRIBUTES
                or (name == "value" and tag == "input" and values.get("type") in BUTTON_INPUTS)
            ):
                self.texts.append(" ".join(value.split()))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._raw:
            self._raw -= 1

    def handle_data(self, data: str) -> None:
        if not self._raw and data.strip():
            self.texts.append(" ".join(data.split()))


def read_page(html: str) -> VisibleText:
    reader = VisibleText()
    reader.feed(html)
    reader.close()
    return reader


def english_ui_strings(apps: list[str]) -> set[str]:
    """The English texts of the catalogues that a translated page must not show as a whole text:
    several words, no placeholder or markup, and translated differently in every language."""
    translations: dict[str, set[str]] = {}
    for app in apps:
        for language in LANGUAGES:
            for entry in messages(po_path(app, language)):
                if entry.msgid_plural or entry.msgctxt is not None:
                    continue
                translations.setdefault(entry.msgid, set()).add(entry.msgstr.get(0, ""))
    return {
        msgid
        for msgid, texts in translations.items()
        if len(msgid.split()) > 1 and not PLACEHOLDER.search(msgid) and msgid not in texts
    }
