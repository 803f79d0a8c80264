"""Submit an HTML form exactly as a browser does: what each input type can hold, nothing more.

A browser sends a text input's value as served, a checkbox only when checked, a single select's
selected option (the first when none is), every selected option of a multiple select, a
textarea's text with CRLF line breaks (minus the one leading newline HTML drops), and for typed
inputs only a value the type can hold: a date input holding `04/03/2026` sends an empty string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_LOCAL = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$")
TIME = re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$")
NUMBER = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
NOT_SENT = {"submit", "button", "reset", "image", "file"}


def held_value(input_type: str, value: str) -> str:
    """The value an `<input type=...>` holds when served `value` (empty when it cannot)."""
    if input_type == "date":
        return value if DATE.match(value) else ""
    if input_type == "datetime-local":
        return value if DATETIME_LOCAL.match(value) else ""
    if input_type == "time":
        return value if TIME.match(value) else ""
    if input_type in {"number", "range"}:
        return value if NUMBER.match(value.strip()) else ""
    if input_type in {"text", "search", "tel", "url", "email", "password"}:
        return value.replace("\r", "").replace("\n", "")
    return value


@dataclass
class _Select:
    name: str
    multiple: bool
    options: list[tuple[str, bool, bool]] = field(default_factory=list)  # value, selected, disabled


@dataclass
class BrowserForm:
    """The controls of one form, in document order."""

    action: str | None = None
    method: str = "get"
    pairs: list[tuple[str, str]] = field(default_factory=list)
    types: dict[str, str] = field(default_factory=dict)
    dropped: dict[str, str] = field(default_factory=dict)  # name -> served value sent empty

    def data(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for name, value in self.pairs:
            out.setdefault(name, []).append(value)
        return out


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[BrowserForm] = []
        self.inside = False
        self.form = BrowserForm()
        self._select: _Select | None = None
        self._option: list | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.inside = True
            self.form = BrowserForm(a.get("action"), a.get("method", "get").lower())
            self.forms.append(self.form)
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            self.form.types[name] = kind
            if kind in NOT_SENT:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.form.pairs.append((name, a.get("value", "on")))
                return
            served = a.get("value", "")
            held = held_value(kind, served)
            if served and not held:
                self.form.dropped[name] = served
            self.form.pairs.append((name, held))
        elif tag == "select" and name and "disabled" not in a:
            self._select = _Select(name, "multiple" in a)
            self.form.types[name] = "select-multiple" if "multiple" in a else "select"
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, "disabled" in a, []]
        elif tag == "textarea" and name and "disabled" not in a:
            self._textarea = (name, [])
            self.form.types[name] = "textarea"

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option[3].append(data)
        elif self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "option" and self._option is not None and self._select is not None:
            value, selected, disabled, text = self._option
            label = "".join(text).strip()
            self._select.options.append((label if value is None else value, selected, disabled))
            self._option = None
        elif tag == "select" and self._select is not None:
            sel = self._select
            chosen = [v for v, s, d in sel.options if s and not d]
            if not sel.multiple and not chosen:
                enabled = [v for v, _s, d in sel.options if not d]
                chosen = enabled[:1]
            if not sel.multiple:
                chosen = chosen[-1:]
            self.form.pairs += [(sel.name, v) for v in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            text = "".join(parts)
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
            self.form.pairs.append((name, text))
            self._textarea = None


def parse_forms(html: str) -> list[BrowserForm]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def parse_form(html: str) -> BrowserForm:
    """The record's form on a page: the POST form that carries the record's version, else the
    last POST form."""
    posts = [f for f in parse_forms(html) if f.method == "post"]
    assert posts, "the page has no POST form"
    with_version = [f for f in posts if "version" in f.types]
    return (with_version or posts)[-1]
