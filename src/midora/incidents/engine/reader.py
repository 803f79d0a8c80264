"""Plain-value readers of incident input (RTS-C 2024/1772 Arts 1-7; RTS-R 2025/301 Art 5 inputs).

The facts builders read each value through these checks as they build, in one pass. A reader
accepts a value only in a form the schemas in `schema.py` accept and yield the same for:
exact types (a bool is not a count), ISO 8601 date-times with an explicit offset, two-letter
Member State codes, the schema's keys. Anything else is refused with its path; callers that
hold raw input then run the schema, which names the precise reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from string import ascii_uppercase
from typing import Any, TypeVar

from midora.incidents.engine import schema
from midora.incidents.engine.errors import InvalidIncidentInput


def keys_of(typed_dict: Any) -> frozenset[str]:
    """The keys a closed schema allows."""
    return frozenset(typed_dict.__required_keys__ | typed_dict.__optional_keys__)


CASE_KEYS = keys_of(schema.CaseInput)
ENTITY_KEYS = keys_of(schema.EntityInput)
INCIDENT_KEYS = keys_of(schema.IncidentInput)
TIMELINE_KEYS = keys_of(schema.TimelineInput)
SERVICE_KEYS = keys_of(schema.ServiceInput)
REPUTATIONAL_KEYS = keys_of(schema.ReputationalInput)
DATA_IMPACT_KEYS = keys_of(schema.DataImpactInput)
STATE_CODES = frozenset(a + b for a in ascii_uppercase for b in ascii_uppercase)
TRI_STATE_WORDS = frozenset({schema.NOT_AVAILABLE, "yes", "no"})
DOWNTIME_FIGURES = frozenset(
    {"actual_figures", "estimates", "actual_figures_and_estimates", "no_information_available"}
)
# RFC 3339 date-times with seconds: both pydantic and `datetime.fromisoformat` read them, equal.
# The usual ones are known by their separators (every third character from the fifth) and length;
# `fromisoformat` then insists on ASCII digits in between.
_PLAIN_MOMENT = {"--T::Z": 20, "--T::+:": 25, "--T::-:": 25}
_MOMENT = re.compile(
    r"[0-9]{4}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9](?:\.[0-9]{1,6})?"
    r"(?:Z|[+-][0-9][0-9]:[0-9][0-9])"
).fullmatch
_from_iso = datetime.fromisoformat
Read = TypeVar("Read")


def recall(cache: Mapping[Any, Read], block: Any) -> tuple[Any, Read | None]:
    """What a small mapping was read into before: its key in `cache`, its items with their values'
    types (true and 1 are equal keys, and only true is a flag), and the value kept under it (None
    when there is none yet); the key is None when the block is not a mapping of hashable values."""
    if type(block) is not dict:
        return None, None
    key = tuple(block.items()), tuple(map(type, block.values()))
    try:
        return key, cache.get(key)
    except TypeError:
        return None, None


def remember(cache: dict[Any, Read], key: Any, value: Read, size: int = 256) -> None:
    """Keep what a small mapping was read into, for the next case that repeats it."""
    if key is not None and len(cache) < size:
        cache[key] = value


def refused(where: str, key: str | int | None, what: str) -> InvalidIncidentInput:
    """A refusal at `where` (and `key` under it), its path built only now."""
    if key is None:
        return InvalidIncidentInput(where, what)
    return InvalidIncidentInput(f"{where}[{key}]" if type(key) is int else f"{where}.{key}", what)


def closed(block: Any, allowed: frozenset[str], where: str) -> dict[str, Any]:
    """A mapping with only the schema's keys."""
    if type(block) is not dict or not block.keys() <= allowed:
        raise refused(where, None, "not a mapping of the known keys")
    return block


def moment(value: Any, where: str, key: str) -> datetime | None:
    """An aware date-time: an RFC 3339 text with offset, or a datetime carrying one."""
    if type(value) is str:
        if _PLAIN_MOMENT.get(value[4::3]) == len(value) or _MOMENT(value) is not None:
            try:
                return _from_iso(value)
            except ValueError:
                pass
    elif value is None:
        return None
    elif type(value) is datetime and value.utcoffset() is not None:
        return value
    raise refused(where, key, "expected an ISO 8601 date-time with a UTC offset")


def count(value: Any, where: str, key: str) -> int | None:
    """A whole number, not negative."""
    if value is None or (type(value) is int and value >= 0):
        return value
    raise refused(where, key, "expected a whole number, not negative")


def flag(value: Any, where: str, key: str) -> bool:
    """True or false (absent: false; null is not allowed)."""
    if type(value) is bool:
        return value
    raise refused(where, key, "expected true or false")


def maybe_flag(value: Any, where: str, key: str) -> bool | None:
    """True, false or null."""
    if value is None or type(value) is bool:
        return value
    raise refused(where, key, "expected true, false or null")


def text(value: Any, where: str, key: str) -> str | None:
    """Text or null."""
    if value is None or type(value) is str:
        return value
    raise refused(where, key, "expected text")


def percentage(value: Any, where: str, key: str) -> float | None:
    """A share of 0..100 % as a float (a whole number is read as one)."""
    if value is None:
        return None
    if (type(value) is float or type(value) is int) and 0 <= value <= 100:
        return float(value)
    raise refused(where, key, "expected a percentage of 0..100")


def state_code(value: Any, where: str, key: str) -> str:
    """An ISO 3166 alpha-2 code in capitals."""
    if type(value) is str and value in STATE_CODES:
        return value
    raise refused(where, key, "expected an ISO 3166 alpha-2 code")


def state_codes(value: Any, where: str, key: str) -> tuple[str, ...]:
    """A list of Member State codes (absent or null: none)."""
    if value is None:
        return ()
    if type(value) is list:
        for code in value:
            if type(code) is not str or code not in STATE_CODES:
                break
        else:
            return tuple(value)
    raise refused(where, key, "expected a list of ISO 3166 alpha-2 codes")


def one_of(value: Any, words: frozenset[str], where: str, key: str) -> str | None:
    """One of the listed words, or null."""
    if value is None or (type(value) is str and value in words):
        return value
    raise refused(where, key, "expected one of the listed values")


def tri_state(value: Any, where: str, key: str) -> bool | str | None:
    """Field 3.30 as given: true, false, 'yes', 'no', 'information_not_available' or null."""
    if value is None or type(value) is bool or (type(value) is str and value in TRI_STATE_WORDS):
        return value
    raise refused(where, key, "expected true, false or 'information_not_available'")


def flags_block(
    value: Any, allowed: frozenset[str], where: str, key: str, nullable: frozenset[str]
) -> dict[str, Any]:
    """A mapping of true/false answers (null allowed only for the keys in `nullable`); the
    callers read an absent block themselves."""
    if type(value) is dict and value.keys() <= allowed:
        for name, answer in value.items():
            if type(answer) is not bool and (answer is not None or name not in nullable):
                break
        else:
            return value
    raise refused(where, key, "expected a mapping of true/false answers")
