"""What a pack holds, as the person building it chose it: plain data, no Django."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

REGIMES = ("DORA", "MICA")


class SelectionError(ValueError):
    """A selection that cannot be built (nothing chosen, unknown or out-of-scope record)."""


def _split(raw: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    if raw is None:
        return ()
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    return tuple(dict.fromkeys(item.strip() for item in items if item and item.strip()))


def _date(raw: Any, name: str) -> dt.date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError as exc:
        raise SelectionError(f"{name}: {raw!r} is not a date (YYYY-MM-DD)") from exc


@dataclass(frozen=True)
class Selection:
    """Requirements (regime, ids or area), controls, an incident, an assessment, a MiCA dossier,
    narrowed to one legal entity and a period."""

    regime: str = ""
    requirements: tuple[str, ...] = ()
    area: str = ""
    controls: tuple[str, ...] = ()
    incident: str = ""
    assessment: int | None = None
    dossier: str = ""
    entity: str = ""
    period_from: dt.date | None = None
    period_to: dt.date | None = None

    @classmethod
    def parse(cls, **raw: Any) -> Selection:
        """Build from user input (CLI options, form or API fields); every error names its field."""
        regime = str(raw.get("regime") or "").strip().upper()
        if regime and regime not in REGIMES:
            raise SelectionError(f"regime: {regime!r} is not one of {', '.join(REGIMES)}")
        assessment = raw.get("assessment")
        if assessment in ("", None):
            assessment = None
        else:
            try:
                assessment = int(assessment)
            except (TypeError, ValueError) as exc:
                raise SelectionError(f"assessment: {assessment!r} is not a number") from exc
            if not 0 < assessment < 2**63:
                raise SelectionError(f"assessment: {assessment} is not a valid number")
        selection = cls(
            regime=regime,
            requirements=_split(raw.get("requirements")),
            area=str(raw.get("area") or "").strip(),
            controls=_split(raw.get("controls")),
            incident=str(raw.get("incident") or "").strip(),
            assessment=assessment,
            dossier=str(raw.get("dossier") or "").strip().upper(),
            entity=str(raw.get("entity") or raw.get("dossier") or "").strip().upper(),
            period_from=_date(raw.get("period_from"), "from"),
            period_to=_date(raw.get("period_to"), "to"),
        )
        selection.check()
        return selection

    def check(self) -> None:
        if not (
            self.regime
            or self.requirements
            or self.area
            or self.controls
            or self.incident
            or self.assessment
            or self.dossier
        ):
            raise SelectionError(
                "choose what the pack covers: a regime, requirements, an area, controls, "
                "an incident, an assessment or a MiCA dossier"
            )
        if self.period_from and self.period_to and self.period_from > self.period_to:
            raise SelectionError(f"to: {self.period_to} is before from: {self.period_from}")

    @property
    def covers_requirements(self) -> bool:
        return bool(self.regime or self.requirements or self.area)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with empty choices left out (what the manifest and the register keep)."""
        data = asdict(self)
        data["requirements"] = list(self.requirements)
        data["controls"] = list(self.controls)
        for key in ("period_from", "period_to"):
            data[key] = data[key].isoformat() if data[key] else None
        return {k: v for k, v in data.items() if v not in ("", None, [])}

    def describe(self) -> str:
        """One line a person reads in the register, e.g. 'DORA requirements of 9695…, 2026'."""
        parts = []
        if self.regime:
            parts.append(f"{self.regime} requirements")
        if self.requirements:
            parts.append("requirements " + ", ".join(self.requirements[:5]))
            if len(self.requirements) > 5:
                parts[-1] += f" and {len(self.requirements) - 5} more"
        if self.area:
            parts.append(f"area {self.area}")
        if self.controls:
            parts.append("controls " + ", ".join(self.controls[:5]))
        if self.incident:
            parts.append(f"incident {self.incident}")
        if self.assessment:
            parts.append(f"assessment #{self.assessment}")
        if self.dossier:
            parts.append(f"MiCA dossier {self.dossier}")
        text = "; ".join(parts)
        if self.entity:
            text += f" of {self.entity}"
        if self.period_from or self.period_to:
            text += f", {self.period_from or '…'} to {self.period_to or '…'}"
        return text


def pinned_versions(
    versions: list[tuple[int, dt.date]], period_from: dt.date | None, period_to: dt.date | None
) -> list[int]:
    """The version numbers that supported an item in the period (uploaded date per version).

    Without a period: the latest version. With one: the version current when the period began,
    every version uploaded during it, and, when the item's first file came in after the period
    (a report filed late), that first version."""
    ordered = sorted(versions)
    if not ordered:
        return []
    if period_from is None and period_to is None:
        return [ordered[-1][0]]
    start = period_from or dt.date.min
    end = period_to or dt.date.max
    before = [n for n, day in ordered if day < start]
    during = [n for n, day in ordered if start <= day <= end]
    chosen = ([before[-1]] if before else []) + during
    return chosen or [ordered[0][0]]
