"""Sentences the pure engines write for people, sayable in any language.

A `Sentence` is the English text (it *is* a `str`, so the API, the CLI, JSON and the stored
records keep the exact English) that also carries its template and values: pages say it again in
the reader's language with `midora.core.sentences.say` (gettext of the template, the values
formatted for that language). Templates use `%(name)s` placeholders and `%%` for a literal percent
sign, and are marked for the catalogue with the engine's identity function `_`.

Values are plain text shown as given (names, codes), another `Sentence`, a `Figure` (a number or
amount), a `Duration` or a `Join` of several of them. `as_json`/`from_json` keep a sentence in a
record so that it can be said again when the record is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from midora.core.engine import numbers


def _(text: str) -> str:
    """Marks a template for the translation catalogue; pages translate it when they show it."""
    return text


@dataclass(frozen=True)
class Figure:
    """A number (`decimals` fixed, or at most two) or, with a currency, an amount."""

    value: int | float | Decimal
    decimals: int | None = None
    currency: str | None = None

    def __str__(self) -> str:
        if self.currency:
            return numbers.money(self.value, self.currency)
        return numbers.number(self.value, self.decimals)


@dataclass(frozen=True)
class Duration:
    """A length of time; English as Python writes it ("1 day, 2:30:00")."""

    value: timedelta

    def __str__(self) -> str:
        return str(self.value)


@dataclass(frozen=True)
class Join:
    """Several values in one place of a sentence, with a separator ("; ", ", ")."""

    separator: str
    items: tuple[Any, ...]

    def __str__(self) -> str:
        return self.separator.join(str(i) for i in self.items)


class Sentence(str):
    """English text with the template and values it was made from. A counted sentence keeps its
    plural template and the count too (`ngettext`): each language says it in the form its own
    plural rule gives for that count (`plural_count`: `count` stays the `str` method)."""

    template: str
    params: dict[str, Any]
    plural: str | None = None
    plural_count: int | None = None

    def __new__(cls, template: str, **params: Any) -> Sentence:
        self = super().__new__(cls, template % {k: str(v) for k, v in params.items()})
        self.template = template
        self.params = params
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.template, self.params, self.plural, self.plural_count))

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "template": self.template,
            "params": {k: _encode(v) for k, v in self.params.items()},
        }
        if self.plural is not None:
            data |= {"plural": self.plural, "count": self.plural_count}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Sentence:
        params = {k: _decode(v) for k, v in data["params"].items()}
        if "plural" in data:
            return _counted(data["template"], data["plural"], data["count"], params)
        return cls(data["template"], **params)


def ngettext(singular: str, plural: str, count: int, **params: Any) -> Sentence:
    """A sentence whose wording depends on `count` ("%(count)s ICT provider" or "... providers"),
    with `count` among its values. Named after gettext's plural function, so that the catalogue
    collects both templates; pages choose the form with the reader's language's plural rule."""
    return _counted(singular, plural, count, {"count": Figure(count), **params})


def _counted(singular: str, plural: str, count: int, params: dict[str, Any]) -> Sentence:
    sentence = Sentence(singular if count == 1 else plural, **params)
    sentence.template, sentence.plural, sentence.plural_count = singular, plural, count
    return sentence


def reason(exc: BaseException) -> str:
    """The reason an exception gives: the sentence it was raised with, else its text."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Sentence) else str(exc)


def _rebuild(
    template: str, params: dict[str, Any], plural: str | None = None, count: int | None = None
) -> Sentence:
    if plural is not None and count is not None:
        return _counted(template, plural, count, params)
    return Sentence(template, **params)


def joined(separator: str, items: list[Any]) -> Join:
    return Join(separator, tuple(items))


def _encode(value: Any) -> Any:
    if isinstance(value, Sentence):
        return value.as_json()
    if isinstance(value, Figure):
        v = str(value.value) if isinstance(value.value, Decimal) else value.value
        return {"figure": v, "decimal": isinstance(value.value, Decimal)} | (
            {"decimals": value.decimals, "currency": value.currency}
        )
    if isinstance(value, Duration):
        return {"seconds": value.value.total_seconds()}
    if isinstance(value, Join):
        return {"join": value.separator, "items": [_encode(i) for i in value.items]}
    return str(value)


def _decode(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if "template" in value:
        return Sentence.from_json(value)
    if "figure" in value:
        figure = Decimal(value["figure"]) if value["decimal"] else value["figure"]
        return Figure(figure, value["decimals"], value["currency"])
    if "seconds" in value:
        return Duration(timedelta(seconds=value["seconds"]))
    return Join(value["join"], tuple(_decode(i) for i in value["items"]))
