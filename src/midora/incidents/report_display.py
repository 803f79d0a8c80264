"""An incident report's content (IR-1.2.1 JSON) as a form people read: sections, labelled
fields, values in words; the JSON itself is the download."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext

from midora.core import formatting

ISO_MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$")
CONSTANT = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")


@dataclass(frozen=True)
class Field:
    label: str
    value: str


@dataclass(frozen=True)
class Block:
    title: str
    fields: list[Field]


def _label(key: str) -> str:
    """ "IncidentSubmission" or "incident_submission" -> "Incident submission"."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", key).replace("_", " ").replace("-", " ")
    return capfirst(" ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words.split()))


def _value(value: Any) -> str:
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        return ", ".join(_value(v) for v in value) or formatting.MISSING
    if isinstance(value, str) and ISO_MOMENT.match(value):
        return formatting.moment(value.replace("Z", "+00:00"))
    if isinstance(value, str) and CONSTANT.match(value):
        return capfirst(value.replace("_", " ").lower())
    if isinstance(value, str) and value.islower() and " " not in value:
        # a code of the reporting templates ("critical_services_affected") in words, in the
        # reader's language where the catalogue names it (the classification criteria)
        return gettext(value.replace("_", " "))
    if isinstance(value, str):
        return value
    return formatting.display(value)


def _fields(prefix: str, value: Any, out: list[Field]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _fields(f"{prefix} / {_label(key)}" if prefix else _label(key), inner, out)
    elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        for index, inner in enumerate(value, start=1):
            _fields(f"{prefix} {index}".strip(), inner, out)
    else:
        out.append(Field(prefix, _value(value)))


def readable(content: dict[str, Any]) -> list[Block]:
    """The report's sections (top-level keys) with their fields flattened and labelled."""
    blocks: list[Block] = []
    loose: list[Field] = []
    for key, value in content.items():
        if isinstance(value, dict | list) and value:
            fields: list[Field] = []
            _fields("", value, fields)
            blocks.append(Block(_label(key), fields))
        else:
            loose.append(Field(_label(key), _value(value)))
    return ([Block(gettext("Report"), loose)] if loose else []) + blocks
