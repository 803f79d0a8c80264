"""What a reader must never meet: a number with more than two decimals, or an internal code
(`t9_1`, `readiness.dora.compliance`, an EBA rule formula, a snake_case key) where a label
belongs."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# 46.486486486486484, 35.220 (but not 2025.1, IR-1.2.1 or a date)
LONG_DECIMAL = re.compile(r"(?<![\w.\-/])-?\d+\.\d{3,}(?![\w.])")
# codes that are wrong anywhere a person reads
INTERNAL_CODE = re.compile(
    r"\bt9_\w+|\breadiness\.\w+\.\w+|\b\w+\.\w+\.(compliance|progress|not_met)\b"
    r"|\bv\d{4}_m_\d|\{B_\d\d\.\d\d"
)
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
# elements whose whole text is a label: a snake_case key there is an internal code
LABEL_TAGS = {"th", "dt", "label", "h1", "h2", "h3", "legend", "option", "button", "caption"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, is a label)
        self.hidden = 0
        self.text: list[str] = []
        self.labels: list[str] = []
        self._label_text: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "input", "img", "meta", "link", "hr", "col", "source"):
            return
        classes = (dict(attrs).get("class") or "").split()
        is_label = tag in LABEL_TAGS or "badge" in classes
        if tag in ("script", "style", "code", "pre", "kbd", "samp", "textarea"):
            self.hidden += 1
        self.stack.append((tag, is_label))
        if is_label:
            self._label_text.append([])

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, is_label = self.stack.pop()
            if open_tag in ("script", "style", "code", "pre", "kbd", "samp", "textarea"):
                self.hidden -= 1
            if is_label and self._label_text:
                self.labels.append(" ".join("".join(self._label_text.pop()).split()))
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        self.text.append(data)
        if self._label_text:
            self._label_text[-1].append(data)


def problems_in_html(html: str) -> list[str]:
    reader = _Reader()
    reader.feed(html)
    return problems_in_text(" ".join(reader.text)) + [
        f"internal code as a label: {label!r}" for label in reader.labels if SNAKE_CASE.match(label)
    ]


def problems_in_text(text: str) -> list[str]:
    found = [f"number with more than two decimals: {m}" for m in LONG_DECIMAL.findall(text)]
    found += [f"internal code: {m.group(0)}" for m in INTERNAL_CODE.finditer(text)]
    return found
