"""Database records -> the Art. 30 contract gap ranking (DORA Art. 30(2)-(3), Art. 28(4))."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from midora.governance.models import Action
from midora.suppliers.engine.clauses import (
    ArrangementReview,
    ClauseGap,
    ClauseReview,
    RankedArrangement,
    rank_gaps,
)
from midora.suppliers.models import ClauseReview as ClauseReviewRecord
from midora.suppliers.models import ContractualArrangement, ICTServiceUse

ACTION_SOURCE = "suppliers.clausegap"


def action_source_id(arrangement_pk: int, clause_key: str) -> str:
    """How a remediation action names the clause gap that opened it."""
    return f"{arrangement_pk}:{clause_key}"


@dataclass(frozen=True)
class GapRow:
    """One arrangement with its clause gaps, worst first in a ranking."""

    arrangement: ContractualArrangement
    supports_cif: bool
    score: int
    missing: int
    gaps: tuple[tuple[ClauseGap, Action | None], ...]


def supports_cif_ids(arrangement_ids: list[int]) -> set[int]:
    """Arrangements supporting at least one critical or important function (Art. 30(3))."""
    return set(
        ICTServiceUse.objects.filter(
            arrangement_id__in=arrangement_ids, function__criticality="critical"
        ).values_list("arrangement_id", flat=True)
    )


def rank_arrangements(arrangements: QuerySet) -> list[RankedArrangement]:
    """Every arrangement of ``arrangements`` ranked by its clause gaps, worst first
    (clauses.rank_gaps); plain values only, no record is loaded."""
    ids = list(arrangements.order_by().values_list("pk", flat=True))
    reviews: dict[int, list[ClauseReview]] = defaultdict(list)
    for r in ClauseReviewRecord.objects.filter(arrangement_id__in=ids).values(
        "arrangement_id", "clause_key", "finding", "reviewed_on", "note"
    ):
        reviews[r["arrangement_id"]].append(
            ClauseReview(r["clause_key"], r["finding"], r["reviewed_on"], r["note"])
        )
    cif = supports_cif_ids(ids)
    return rank_gaps(ArrangementReview(str(pk), pk in cif, tuple(reviews[pk])) for pk in ids)


def gap_rows(arrangements: QuerySet, ranked: list[RankedArrangement]) -> list[GapRow]:
    """The records and remediation actions of the ranked rows given (in their order)."""
    shown = [int(r.arrangement_id) for r in ranked]
    records = arrangements.select_related("provider", "entity").in_bulk(shown)
    sources = [
        action_source_id(int(r.arrangement_id), g.clause.key) for r in ranked for g in r.gaps
    ]
    actions = {
        a.source_id: a
        for a in Action.objects.filter(source_type=ACTION_SOURCE, source_id__in=sources)
    }
    return [
        GapRow(
            records[int(r.arrangement_id)],
            r.supports_cif,
            r.score,
            r.missing,
            tuple(
                (g, actions.get(action_source_id(int(r.arrangement_id), g.clause.key)))
                for g in r.gaps
            ),
        )
        for r in ranked
    ]


def ranked_gap_rows(arrangements: QuerySet, limit: int | None = None) -> list[GapRow]:
    """Every arrangement of ``arrangements`` with a clause gap, worst first (clauses.rank_gaps);
    records are loaded only for the rows returned."""
    ranked = [r for r in rank_arrangements(arrangements) if r.gaps]
    return gap_rows(arrangements, ranked[:limit] if limit else ranked)
