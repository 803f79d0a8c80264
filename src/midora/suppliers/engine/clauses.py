"""DORA Art. 30 contract-clause review: required provisions, gaps per arrangement, ranking.

Ranking weights (``rank_gaps``): each required provision scores by its finding -- missing 3,
not reviewed 2 (unknown, so nearly as bad as missing), partial 1, present 0. An Art. 30(3)
provision counts double, and every provision of an arrangement supporting a critical or important
function counts double again. So a missing Art. 30(3) provision in a CIF contract weighs 12 and a
partial Art. 30(2) provision in another contract weighs 1. Ties: more missing provisions first,
then the arrangement identifier.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import yaml

POINTS = {"2": "abcdefghi", "3": "abcdef"}  # Art. 30(2)(a)-(i), Art. 30(3)(a)-(f)


class ClauseFinding(StrEnum):
    PRESENT = "present"
    PARTIAL = "partial"
    MISSING = "missing"
    NOT_REVIEWED = "not_reviewed"


FINDING_WEIGHT = {
    ClauseFinding.MISSING: 3,
    ClauseFinding.NOT_REVIEWED: 2,
    ClauseFinding.PARTIAL: 1,
    ClauseFinding.PRESENT: 0,
}
CIF_PROVISION_FACTOR = 2  # Art. 30(3) provisions
CIF_ARRANGEMENT_FACTOR = 2  # arrangements supporting critical or important functions


class ClauseCatalogueError(ValueError):
    """A clause catalogue that is incomplete or malformed, with the path of the faulty item."""


@dataclass(frozen=True)
class Clause:
    key: str
    paragraph: str
    point: str
    requirement_id: str
    label: str
    look_for: tuple[str, ...]

    @property
    def reference(self) -> str:
        return f"Art. 30({self.paragraph})({self.point})"

    @property
    def cif_only(self) -> bool:
        return self.paragraph == "3"


@dataclass(frozen=True)
class ClauseReview:
    clause_key: str
    finding: ClauseFinding
    reviewed_on: date
    note: str = ""

    def __post_init__(self) -> None:
        finding = ClauseFinding(self.finding)
        if finding is ClauseFinding.NOT_REVIEWED:
            raise ValueError(f"review of {self.clause_key!r}: a review cannot be 'not_reviewed'")
        object.__setattr__(self, "finding", finding)


@dataclass(frozen=True)
class ClauseGap:
    clause: Clause
    finding: ClauseFinding
    reviewed_on: date | None = None
    note: str = ""

    @property
    def is_gap(self) -> bool:
        return self.finding is not ClauseFinding.PRESENT


@dataclass(frozen=True)
class ArrangementReview:
    arrangement_id: str
    supports_cif: bool
    reviews: tuple[ClauseReview, ...]


@dataclass(frozen=True)
class RankedArrangement:
    arrangement_id: str
    supports_cif: bool
    score: int
    gaps: tuple[ClauseGap, ...]  # only the provisions not found present

    @property
    def missing(self) -> int:
        return sum(1 for g in self.gaps if g.finding is ClauseFinding.MISSING)


def load_clauses(data: Any) -> tuple[Clause, ...]:
    """DORA Art. 30(2)-(3): validate a clause catalogue (every point present exactly once)."""
    if not isinstance(data, Mapping) or not isinstance(data.get("clauses"), list):
        raise ClauseCatalogueError("clauses: a mapping with a 'clauses' list is required")
    clauses: list[Clause] = []
    for i, item in enumerate(data["clauses"]):
        here = f"clauses[{i}]"
        if not isinstance(item, Mapping):
            raise ClauseCatalogueError(f"{here}: must be a mapping")
        for name in ("key", "paragraph", "point", "requirement_id", "label"):
            if not isinstance(item.get(name), str) or not item[name].strip():
                raise ClauseCatalogueError(f"{here}.{name}: must be a non-empty string")
        paragraph, point = item["paragraph"], item["point"]
        if point not in POINTS.get(paragraph, ""):
            raise ClauseCatalogueError(f"{here}: Art. 30({paragraph})({point}) does not exist")
        look_for = item.get("look_for")
        if not isinstance(look_for, list) or not all(isinstance(x, str) for x in look_for):
            raise ClauseCatalogueError(f"{here}.look_for: must be a list of strings")
        clause = Clause(
            item["key"], paragraph, point, item["requirement_id"], item["label"], tuple(look_for)
        )
        for other in clauses:
            if other.key == clause.key or other.reference == clause.reference:
                raise ClauseCatalogueError(f"{here}: duplicates {other.key} ({other.reference})")
        clauses.append(clause)
    present = {(c.paragraph, c.point) for c in clauses}
    for paragraph, points in POINTS.items():
        for point in points:
            if (paragraph, point) not in present:
                raise ClauseCatalogueError(f"clauses: Art. 30({paragraph})({point}) is missing")
    return tuple(sorted(clauses, key=lambda c: (c.paragraph, c.point)))


@cache
def default_clauses() -> tuple[Clause, ...]:
    """DORA Art. 30(2)-(3): the shipped clause catalogue."""
    path = resources.files("midora").joinpath("data", "dora_art30_clauses.yaml")
    return load_clauses(yaml.safe_load(path.read_text("utf-8")))


def required_clauses(
    supports_cif: bool, catalogue: tuple[Clause, ...] | None = None
) -> tuple[Clause, ...]:
    """DORA Art. 30(2) for every ICT contract, plus Art. 30(3) where it supports a CIF."""
    clauses = default_clauses() if catalogue is None else catalogue
    return tuple(c for c in clauses if supports_cif or not c.cif_only)


def clause_gaps(
    reviews: Iterable[ClauseReview],
    supports_cif: bool,
    catalogue: tuple[Clause, ...] | None = None,
) -> list[ClauseGap]:
    """DORA Art. 30(2)-(3): the finding for every required provision (latest review wins)."""
    clauses = default_clauses() if catalogue is None else catalogue
    known = {c.key for c in clauses}
    latest: dict[str, ClauseReview] = {}
    for review in reviews:
        if review.clause_key not in known:
            raise ValueError(
                f"review on {review.reviewed_on}: unknown clause {review.clause_key!r}"
            )
        before = latest.get(review.clause_key)
        if (
            before is not None
            and before.reviewed_on == review.reviewed_on
            and before.finding is not review.finding
        ):
            raise ValueError(
                f"clause {review.clause_key!r}: conflicting findings on {review.reviewed_on}"
            )
        if before is None or review.reviewed_on > before.reviewed_on:
            latest[review.clause_key] = review
    gaps = []
    for clause in required_clauses(supports_cif, clauses):
        last = latest.get(clause.key)
        if last is None:
            gaps.append(ClauseGap(clause, ClauseFinding.NOT_REVIEWED))
        else:
            gaps.append(ClauseGap(clause, last.finding, last.reviewed_on, last.note))
    return gaps


def gap_score(gaps: Iterable[ClauseGap], supports_cif: bool) -> int:
    """DORA Art. 30(2)-(3): weighted clause-gap score of one arrangement (see module notes)."""
    arrangement_factor = CIF_ARRANGEMENT_FACTOR if supports_cif else 1
    return sum(
        FINDING_WEIGHT[g.finding]
        * (CIF_PROVISION_FACTOR if g.clause.cif_only else 1)
        * arrangement_factor
        for g in gaps
    )


def rank_gaps(
    arrangements: Iterable[ArrangementReview], catalogue: tuple[Clause, ...] | None = None
) -> list[RankedArrangement]:
    """DORA Art. 30(2)-(3), Art. 28(4): arrangements ordered worst clause coverage first."""
    ranked = []
    for arrangement in arrangements:
        gaps = clause_gaps(arrangement.reviews, arrangement.supports_cif, catalogue)
        ranked.append(
            RankedArrangement(
                arrangement.arrangement_id,
                arrangement.supports_cif,
                gap_score(gaps, arrangement.supports_cif),
                tuple(g for g in gaps if g.is_gap),
            )
        )
    return sorted(ranked, key=lambda r: (-r.score, -r.missing, r.arrangement_id))
