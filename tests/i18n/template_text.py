"""Finds text a reader sees in a Django template that is not marked for translation.

The template is read with Django's own lexer (the debug one, which keeps positions). Text inside {% translate %} and {% blocktranslate %}
(and their older spellings), inside comments, variables and tags is set aside; what is left is fed
to an HTML parser, which reports the text between tags and the attributes a person reads or hears
(title, aria-label, placeholder, alt, the value of a button input). Any of those holding a letter
is untranslated, unless it is only words of the short allowlist below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import DebugLexer, TokenType

# Names that read the same in every language: the product, the two regulations, identifiers
# (LEI, EUR-Lex's CELEX number) and file formats, and the article abbreviation of a legal
# reference ("Art. 28").
ALLOWED_WORDS = {
    "midora",
    "MiCA",
    "DORA",
    "LEI",
    "CELEX",
    "API",
    "EBA",
    "ESMA",
    "RTS",
    "ITS",
    "Art",
    "PDF",
    "CSV",
    "JSON",
    "Excel",
    "ZIP",
    "OpenAPI",
    "EUR",
}
HUMAN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description"}
BUTTON_INPUTS = {"submit", "button", "reset"}
# a placeholder for a tag or variable: no letter, so it never counts as text
HOLE = "\u2042"
LETTER = re.compile(r"[^\W\d_]")
WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
# literal text given as a filter argument a reader sees: {{ x|default:"none" }}
LITERAL_ARGUMENT = re.compile(r"\|(?:default|default_if_none|yesno):\"([^\"]*)\"")


@dataclass(frozen=True)
class Untranslated:
    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def needs_translation(text: str) -> bool:
    words = [w for w in WORD.findall(text) if w not in ALLOWED_WORDS]
    return any(LETTER.search(w) for w in words)


def _visible_source(source: str) -> tuple[str, list[tuple[int, str]]]:
    """The template with every tag, variable, comment and translated text replaced by HOLE
    (newlines kept, so line numbers hold), and the literal filter arguments found."""
    parts: list[str] = []
    literals: list[tuple[int, str]] = []
    depth = {"blocktranslate": 0, "comment": 0, "verbatim": 0}
    for token in DebugLexer(source).tokenize():
        start, end = token.position
        raw = source[start:end]
        newlines = "\n" * raw.count("\n")
        content = token.contents
        name = content.split(" ", 1)[0] if token.token_type == TokenType.BLOCK else ""
        if name in ("blocktranslate", "blocktrans"):
            depth["blocktranslate"] += 1
        elif name in ("endblocktranslate", "endblocktrans"):
            depth["blocktranslate"] -= 1
        elif name in ("comment", "verbatim"):
            depth[name] += 1
        elif name in ("endcomment", "endverbatim"):
            depth[name[3:]] -= 1
        hidden = depth["blocktranslate"] or depth["comment"]
        if token.token_type == TokenType.TEXT and not hidden:
            parts.append(raw)
            continue
        if token.token_type == TokenType.VAR and not hidden:
            literals += [(token.lineno, text) for text in LITERAL_ARGUMENT.findall(content)]
        parts.append(HOLE + newlines)
    return "".join(parts), literals


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._raw = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._raw += 1
        values = dict(attrs)
        for name, value in attrs:
            human = name in HUMAN_ATTRIBUTES or (
                name == "value" and tag == "input" and values.get("type") in BUTTON_INPUTS
            )
            if human and value and needs_translation(value):
                self.found.append((self.getpos()[0], value))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._raw:
            self._raw -= 1

    def handle_data(self, data: str) -> None:
        if not self._raw and needs_translation(data):
            leading = data[: len(data) - len(data.lstrip())]
            line = self.getpos()[0] + leading.count("\n")
            self.found.append((line, " ".join(data.split())))


def untranslated_in(path: Path) -> list[Untranslated]:
    source, literals = _visible_source(path.read_text(encoding="utf-8"))
    reader = _Reader()
    reader.feed(source)
    reader.close()
    found = [Untranslated(path, line, text.replace(HOLE, "…")) for line, text in reader.found]
    found += [Untranslated(path, line, text) for line, text in literals if needs_translation(text)]
    return sorted(found, key=lambda u: u.line)
