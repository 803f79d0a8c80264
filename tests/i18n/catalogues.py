"""Reading gettext catalogues without the gettext tools: .po files by a small parser, compiled .mo
files by Python's own gettext module, so the tests run on a machine without gettext installed."""

from __future__ import annotations

import ast
import gettext
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False
    obsolete: bool = False
    line: int = 0

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values()) and not self.fuzzy


def _unquote(text: str) -> str:
    return ast.literal_eval(text.strip()) if text.strip() else ""


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file, header included (msgid "")."""
    entries: list[Entry] = []
    current: Entry | None = None
    key: tuple[str, int] | None = None
    flags: set[str] = set()

    def finish() -> None:
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            key = None
            continue
        starts_entry = line.startswith("#") or line.split(" ")[0] in ("msgctxt", "msgid")
        if current is not None and current.msgstr and starts_entry:
            finish()
            key = None
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if current is None:
            current = Entry(msgid="", fuzzy="fuzzy" in flags, obsolete=obsolete, line=number)
            flags = set()
        if line.startswith('"'):
            if key is None:
                raise ValueError(f"{path}:{number}: continuation without a keyword")
            _append(current, key, _unquote(line))
        elif word == "msgctxt":
            current.msgctxt = _unquote(rest)
            key = ("msgctxt", 0)
        elif word == "msgid":
            current.msgid = _unquote(rest)
            key = ("msgid", 0)
        elif word == "msgid_plural":
            current.msgid_plural = _unquote(rest)
            key = ("msgid_plural", 0)
        elif word.startswith("msgstr"):
            index = int(word[7:-1]) if word.startswith("msgstr[") else 0
            current.msgstr[index] = _unquote(rest)
            key = ("msgstr", index)
        else:
            raise ValueError(f"{path}:{number}: cannot read {raw!r}")
    finish()
    return entries


def _append(entry: Entry, key: tuple[str, int], text: str) -> None:
    name, index = key
    if name == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + text
    elif name == "msgid":
        entry.msgid += text
    elif name == "msgid_plural":
        entry.msgid_plural += text
    else:
        entry.msgstr[index] = entry.msgstr.get(index, "") + text


def messages(path: Path) -> list[Entry]:
    """The live messages of a catalogue: no header, no obsolete entries."""
    return [e for e in parse_po(path) if e.msgid and not e.obsolete]


def expected_mo_catalogue(path: Path) -> dict[object, str]:
    """What a compiled .mo of this .po holds (msgfmt leaves out fuzzy and untranslated
    entries), keyed as Python's gettext keys its catalogue."""
    catalogue: dict[object, str] = {}
    for entry in messages(path):
        if not entry.translated:
            continue
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural:
            for index, text in entry.msgstr.items():
                catalogue[(msgid, index)] = text
        else:
            catalogue[msgid] = entry.msgstr[0]
    return catalogue


def mo_catalogue(path: Path) -> dict[object, str]:
    with path.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    catalogue = dict(translations._catalog)  # type: ignore[attr-defined]
    catalogue.pop("", None)
    return catalogue
