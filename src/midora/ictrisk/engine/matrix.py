"""Configurable ICT risk matrix: levels, scoring, bands, appetite, residual checks and heat map.

The matrix is data (``src/midora/data/risk_matrix.yaml`` by default). ``RiskMatrix.from_mapping``
validates the whole configuration and refuses it with the offending path and the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, TypeGuard

import yaml

Translate = Callable[[str], str]


def english(text: str) -> str:
    """The default translation: the English text itself (pages pass gettext)."""
    return text


SCORING_METHODS = ("product", "table")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class RiskMatrixConfigError(ValueError):
    """A risk matrix configuration that cannot be used, with the path of the faulty item."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Level:
    level: int
    name: str
    description: str = ""


@dataclass(frozen=True)
class Band:
    name: str
    min: int
    max: int
    colour: str
    rank: int  # 0 = least severe

    def contains(self, score: int) -> bool:
        """RTS 2024/1774 Art. 3(b)(ii): whether a score falls within this band."""
        return self.min <= score <= self.max


@dataclass(frozen=True)
class RiskScore:
    likelihood: int
    impact: int
    score: int
    band: Band
    within_appetite: bool


@dataclass(frozen=True)
class RiskWarning:
    code: str
    message: str


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    score: int
    band: Band
    risk_ids: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return len(self.risk_ids)


@dataclass(frozen=True)
class Heatmap:
    """Rows ordered from the highest likelihood (top) to the lowest; cells by rising impact."""

    rows: tuple[tuple[HeatCell, ...], ...]

    def cell(self, likelihood: int, impact: int) -> HeatCell:
        """RTS 2024/1774 Art. 3(b): the cell for one likelihood x impact pair."""
        for row in self.rows:
            for cell in row:
                if cell.likelihood == likelihood and cell.impact == impact:
                    return cell
        raise KeyError(f"no cell for likelihood {likelihood}, impact {impact}")

    @property
    def total(self) -> int:
        return sum(cell.count for row in self.rows for cell in row)


@dataclass(frozen=True)
class RiskMatrix:
    name: str
    likelihood: tuple[Level, ...]
    impact: tuple[Level, ...]
    bands: tuple[Band, ...]
    appetite_max_score: int
    table: tuple[tuple[int, ...], ...] = field(repr=False)

    @classmethod
    def from_mapping(cls, data: Any) -> RiskMatrix:
        """DORA Art. 6(8)(b); RTS 2024/1774 Art. 3(a)-(b): build a validated matrix from config."""
        root = _mapping(data, "$")
        likelihood = _levels(root.get("likelihood"), "likelihood")
        impact = _levels(root.get("impact"), "impact")
        table = _score_table(root.get("scoring"), len(likelihood), len(impact))
        reachable = sorted({score for row in table for score in row})
        bands = _bands(root.get("bands"), reachable)
        appetite = _mapping(root.get("appetite"), "appetite")
        max_score = appetite.get("max_score")
        if not _is_int(max_score):
            raise RiskMatrixConfigError("appetite.max_score", "must be an integer")
        if not reachable[0] <= max_score <= reachable[-1]:
            raise RiskMatrixConfigError(
                "appetite.max_score",
                f"{max_score} is outside the reachable scores {reachable[0]}..{reachable[-1]}",
            )
        name = root.get("name", "Risk matrix")
        if not isinstance(name, str) or not name.strip():
            raise RiskMatrixConfigError("name", "must be a non-empty string")
        return cls(name, likelihood, impact, bands, max_score, table)

    @classmethod
    def default(cls) -> RiskMatrix:
        """DORA Art. 6(8)(b): the shipped default 5x5 matrix."""
        text = resources.files("midora").joinpath("data", "risk_matrix.yaml").read_text("utf-8")
        return cls.from_mapping(yaml.safe_load(text))

    def band_for(self, score: int) -> Band:
        """RTS 2024/1774 Art. 3(b)(ii): the band a score falls in."""
        for band in self.bands:
            if band.contains(score):
                return band
        raise ValueError(f"score {score} is outside every band of {self.name!r}")

    def score(self, likelihood: int, impact: int) -> RiskScore:
        """RTS 2024/1774 Art. 3(b)(ii): score and band of a likelihood x impact rating."""
        self._check_level("likelihood", likelihood, self.likelihood)
        self._check_level("impact", impact, self.impact)
        value = self.table[likelihood - 1][impact - 1]
        return RiskScore(
            likelihood, impact, value, self.band_for(value), value <= self.appetite_max_score
        )

    def residual_check(
        self, inherent: tuple[int, int], residual: tuple[int, int], _: Translate = english
    ) -> list[RiskWarning]:
        """RTS 2024/1774 Art. 3(c)-(d): warn on residual ratings above inherent or tolerance."""
        before = self.score(*inherent)
        after = self.score(*residual)
        warnings: list[RiskWarning] = []
        if after.score > before.score:
            warnings.append(
                RiskWarning(
                    "residual_above_inherent",
                    _(
                        "residual score %(after)s (%(after_band)s) is above the inherent score "
                        "%(before)s (%(before_band)s)"
                    )
                    % {
                        "after": after.score,
                        "after_band": _(after.band.name),
                        "before": before.score,
                        "before_band": _(before.band.name),
                    },
                )
            )
        if after.likelihood > before.likelihood:  # texts translated only for a warning given
            text = _("residual likelihood %(now)s is above the inherent likelihood %(was)s")
            values = {"now": after.likelihood, "was": before.likelihood}
            warnings.append(RiskWarning("residual_likelihood_above_inherent", text % values))
        if after.impact > before.impact:
            text = _("residual impact %(now)s is above the inherent impact %(was)s")
            values = {"now": after.impact, "was": before.impact}
            warnings.append(RiskWarning("residual_impact_above_inherent", text % values))
        if not after.within_appetite:
            warnings.append(
                RiskWarning(
                    "residual_above_appetite",
                    _(
                        "residual score %(score)s is above the risk appetite (%(appetite)s): "
                        "it needs treatment or a documented acceptance"
                    )
                    % {"score": after.score, "appetite": self.appetite_max_score},
                )
            )
        return warnings

    def heatmap(self, cells: Iterable[tuple[int, int, str]]) -> Heatmap:
        """RTS 2024/1774 Art. 3(b): count and list risks per likelihood x impact cell."""
        ids: dict[tuple[int, int], list[str]] = {}
        for position, (likelihood, impact, risk_id) in enumerate(cells):
            where = f"risk {risk_id!r} (item {position})"
            self._check_level("likelihood", likelihood, self.likelihood, where)
            self._check_level("impact", impact, self.impact, where)
            ids.setdefault((likelihood, impact), []).append(risk_id)
        rows = []
        for lvl in reversed(self.likelihood):
            row = []
            for imp in self.impact:
                value = self.table[lvl.level - 1][imp.level - 1]
                row.append(
                    HeatCell(
                        lvl.level,
                        imp.level,
                        value,
                        self.band_for(value),
                        tuple(sorted(ids.get((lvl.level, imp.level), []))),
                    )
                )
            rows.append(tuple(row))
        return Heatmap(tuple(rows))

    @staticmethod
    def _check_level(axis: str, value: Any, levels: Sequence[Level], where: str = "") -> None:
        if not _is_int(value) or not 1 <= value <= len(levels):
            prefix = f"{where}: " if where else ""
            raise ValueError(f"{prefix}{axis} must be an integer 1..{len(levels)}, got {value!r}")


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _mapping(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise RiskMatrixConfigError(path, f"must be a mapping, got {type(value).__name__}")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise RiskMatrixConfigError(path, "must be a non-empty list")
    return value


def _levels(value: Any, path: str) -> tuple[Level, ...]:
    levels = []
    names: set[str] = set()
    for index, item in enumerate(_list(value, path), start=1):
        here = f"{path}[{index - 1}]"
        entry = _mapping(item, here)
        if not _is_int(entry.get("level")) or entry.get("level") != index:
            raise RiskMatrixConfigError(
                f"{here}.level", f"expected {index} (levels run 1..n in order)"
            )
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise RiskMatrixConfigError(f"{here}.name", "must be a non-empty string")
        if name in names:
            raise RiskMatrixConfigError(f"{here}.name", f"duplicate name {name!r}")
        names.add(name)
        description = entry.get("description", "")
        if not isinstance(description, str):
            raise RiskMatrixConfigError(f"{here}.description", "must be a string")
        levels.append(Level(index, name, description))
    return tuple(levels)


def _score_table(value: Any, n_likelihood: int, n_impact: int) -> tuple[tuple[int, ...], ...]:
    scoring = _mapping(value, "scoring")
    method = scoring.get("method")
    if method not in SCORING_METHODS:
        raise RiskMatrixConfigError(
            "scoring.method", f"must be one of {', '.join(SCORING_METHODS)}, got {method!r}"
        )
    if method == "product":
        if "table" in scoring:
            raise RiskMatrixConfigError("scoring.table", "only allowed with method 'table'")
        return tuple(
            tuple(lik * imp for imp in range(1, n_impact + 1)) for lik in range(1, n_likelihood + 1)
        )
    rows = _list(scoring.get("table"), "scoring.table")
    if len(rows) != n_likelihood:
        raise RiskMatrixConfigError(
            "scoring.table", f"needs {n_likelihood} rows (one per likelihood), got {len(rows)}"
        )
    table: list[tuple[int, ...]] = []
    for r, row in enumerate(rows):
        row_list = _list(row, f"scoring.table[{r}]")
        if len(row_list) != n_impact:
            raise RiskMatrixConfigError(
                f"scoring.table[{r}]", f"needs {n_impact} scores (one per impact), got {len(row)}"
            )
        for c, score in enumerate(row_list):
            here = f"scoring.table[{r}][{c}]"
            if not _is_int(score) or score < 0:
                raise RiskMatrixConfigError(here, f"must be a non-negative integer, got {score!r}")
            if c and score < row_list[c - 1]:
                raise RiskMatrixConfigError(here, "score decreases as impact rises")
            if r and score < table[r - 1][c]:
                raise RiskMatrixConfigError(here, "score decreases as likelihood rises")
        table.append(tuple(row_list))
    return tuple(table)


def _bound(band: Mapping[str, Any], key: str, here: str) -> int:
    value = band.get(key)
    if not _is_int(value):
        raise RiskMatrixConfigError(f"{here}.{key}", f"must be an integer, got {value!r}")
    return value


def _bands(value: Any, reachable: list[int]) -> tuple[Band, ...]:
    bands: list[Band] = []
    for index, item in enumerate(_list(value, "bands")):
        here = f"bands[{index}]"
        entry = _mapping(item, here)
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise RiskMatrixConfigError(f"{here}.name", "must be a non-empty string")
        if any(band.name == name for band in bands):
            raise RiskMatrixConfigError(f"{here}.name", f"duplicate band {name!r}")
        low, high = _bound(entry, "min", here), _bound(entry, "max", here)
        if low > high:
            raise RiskMatrixConfigError(here, f"min {low} is above max {high}")
        if bands and low <= bands[-1].max:
            raise RiskMatrixConfigError(
                f"{here}.min", f"{low} overlaps or precedes band {bands[-1].name!r}"
            )
        colour = entry.get("colour")
        if not isinstance(colour, str) or not _COLOUR.match(colour):
            raise RiskMatrixConfigError(f"{here}.colour", f"must be #RRGGBB, got {colour!r}")
        bands.append(Band(name, low, high, colour, index))
    for score in reachable:
        if not any(band.contains(score) for band in bands):
            raise RiskMatrixConfigError("bands", f"score {score} falls in no band")
    return tuple(bands)
