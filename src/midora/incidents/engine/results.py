"""Classify results in the worked examples' `expected` shape (RTS-C Art 8; RTS-R Art 5; DORA 19(3))."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from midora.core.engine.sentences import Sentence
from midora.incidents.engine.classification import (
    ClassificationResult,
    Decided,
    ReviewFlag,
    client_notification_required,
)
from midora.incidents.engine.deadlines import Stage
from midora.incidents.engine.schema import NOT_AVAILABLE

CLIENT_NOTIFICATION_TIMING = "without undue delay from awareness (DORA 19(3)); no hour limit"
THREAT_CONTENT = "RTS-R Art 6 (a)-(j); ITS Art 8, Annex III template / Annex IV glossary"


def criteria_rows(result: ClassificationResult) -> list[dict[str, Any]]:
    """Each criterion with its article, verdict and reason, then the Art 8(1) verdict."""
    return [
        {"key": c.key, "article": c.article, "met": c.met, "why": c.why, "estimated": c.estimated}
        for c in (result.critical_services, *result.thresholds)
    ] + [
        {
            "key": "major",
            "article": "RTS-C Art 8(1)",
            "met": result.major,
            "why": result.why,
            "estimated": False,
        }
    ]


def flag_rows(flags: Iterable[ReviewFlag]) -> list[dict[str, str]]:
    return [{"code": f.code, "reference": f.reference, "message": f.message} for f in flags]


def sentence_rows(
    result: ClassificationResult,
    flags: Iterable[ReviewFlag],
    **texts: str,
) -> dict[str, Any]:
    """The sentences of a classification as template and values (`Sentence.as_json`), so that a
    page says them again in its reader's language: each criterion's by its key, the Art 8(1)
    verdict as "major", the review flags' messages in order, and the named `texts` (the
    headline, the reclassification, the client notification)."""
    rows: dict[str, Any] = {
        c.key: kept(c.why) for c in (result.critical_services, *result.thresholds)
    }
    rows["major"] = kept(result.why)
    rows["flags"] = [kept(f.message) for f in flags]
    rows.update({name: kept(text) for name, text in texts.items()})
    return rows


def kept(text: str) -> dict[str, Any] | None:
    """A sentence's template and values; None for plain text (shown as it is)."""
    return text.as_json() if isinstance(text, Sentence) else None


def deadline_rows(stages: list[Stage] | None) -> dict[str, Any] | None:
    """RTS-R Art 5 deadlines (`deadline_stages`) as rule, base, weekend relief and due texts."""
    if stages is None:
        return None
    out = {}
    for name, rule, base_at, due_at, relief in stages:
        base = iso(base_at)
        due = base if due_at is base_at else iso(due_at)
        out[name] = {"rule": rule, "base": base, "weekend_relief": relief, "due": due}
    return out


_DAYS: dict[int, str] = {}  # by the day's ordinal: an int is hashed at no cost, a date is not
_CLOCKS: dict[time, str] = {}
_OFFSETS: dict[timedelta | None, str] = {}
_KEPT = 4096


def iso(moment: datetime) -> str:
    """`moment.isoformat()`, from the texts of its day, clock time and UTC offset, each written
    once: a batch's deadlines fall on few days, times and offsets."""
    # a `time` (with its microseconds) is hashed at no cost too
    ordinal, clock_key = moment.toordinal(), moment.time()
    day, clock = _DAYS.get(ordinal), _CLOCKS.get(clock_key)
    # the zone's own answer, as `moment.utcoffset()` asks it (a third of the cost)
    zone = moment.tzinfo
    utc_offset = None if zone is None else zone.utcoffset(moment)
    offset = _OFFSETS.get(utc_offset)
    if day is not None and clock is not None and offset is not None:
        return f"{day}T{clock}{offset}"
    text = moment.isoformat()
    if len(_DAYS) < _KEPT and len(_CLOCKS) < _KEPT and len(_OFFSETS) < _KEPT:
        cut = 26 if moment.microsecond else 19  # HH:MM:SS[.ffffff]
        _DAYS[ordinal], _CLOCKS[clock_key], _OFFSETS[utc_offset] = (
            text[:10],
            text[11:cut],
            text[cut:],
        )
    return text


def client_notice(result: Decided, impact: Any) -> dict[str, Any]:
    """DORA Art 19(3): required (true), not required (false) or "open" until 3.30 is known."""
    return shared_client_notice(result, impact).copy()


def shared_client_notice(result: Decided, impact: Any) -> dict[str, Any]:
    """`client_notice`, the usual answers as one dict each, shared: to copy from, not to change."""
    major = result.major
    if type(major) is bool and (impact is None or type(impact) is bool or impact == NOT_AVAILABLE):
        # few answers: each written once, its sentence shared by the results that give it
        known = _NOTICES.get((major, impact))
        if known is None:
            known = _NOTICES[major, impact] = _notice(result, impact)
        return known
    return _notice(result, impact)


def _notice(result: Decided, impact: Any) -> dict[str, Any]:
    required, why = client_notification_required(result, impact)
    return {
        "client_notification_required": required,
        "client_notification_timing": CLIENT_NOTIFICATION_TIMING if required is True else None,
        "client_notification_why": why,
    }


_NOTICES: dict[tuple[bool, bool | str | None], dict[str, Any]] = {}


def recurring_client_notice(major: bool, impact: bool | str | None) -> dict[str, Any]:
    """DORA Art 19(3) for recurring incidents reported as one major incident (RTS-C Art 8(2)).

    The aggregated facts answer field 3.30 only when the group states it; without it the
    answer is "not required" and says what is missing.
    """
    if major and impact is None:
        return {
            "client_notification_required": False,
            "client_notification_timing": None,
            "client_notification_why": (
                "The recurring incidents state no impact on clients' financial interests "
                "(field 3.30); give impact_on_financial_interests_of_clients in the group "
                "to decide (DORA Art 19(3))."
            ),
        }
    return client_notice(Verdict(major), impact)


class Verdict:
    """Major or not, where only that is known (a recurring group, a reclassification)."""

    def __init__(self, major: bool) -> None:
        self.major = major


def cost_hints(economic_impact: int | float, recoveries: Decimal | None) -> dict[str, str]:
    """ITS Annex I fields 4.13 and 4.14 for a major incident (the economic impact as `number`
    writes it)."""
    hints = {"4.13": f"{economic_impact} EUR gross (amount unit per NCA convention)"}
    if recoveries is not None:
        hints["4.14"] = f"{number(recoveries)} EUR"
    return hints


def number(value: Decimal) -> int | float:
    """A whole amount as an int, any other as a float."""
    whole, denominator = value.as_integer_ratio()
    return whole if denominator == 1 else float(value)


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
