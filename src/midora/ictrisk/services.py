"""Record-level helpers of the ICT risk register: critical-function support and the heatmap."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from midora.core.choices import Criticality
from midora.ictrisk.engine.dependencies import critical_support
from midora.ictrisk.engine.matrix import HeatCell, RiskMatrix
from midora.ictrisk.matrix_config import active_matrix


def critical_paths(entity_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """Asset id -> chain of asset ids from one linked to a critical or important function."""
    from midora.ictrisk.models import ICTAsset

    entity_ids = set(entity_ids)
    assets = ICTAsset.objects.filter(entity_id__in=entity_ids)
    direct = {pk: False for pk in assets.values_list("pk", flat=True)}
    links = ICTAsset.functions.through.objects.filter(
        ictasset__entity_id__in=entity_ids,
        businessfunction__criticality=Criticality.CRITICAL_OR_IMPORTANT,
    ).values_list("ictasset_id", flat=True)
    for pk in links:
        direct[pk] = True
    edges = ICTAsset.depends_on.through.objects.filter(
        from_ictasset__entity_id__in=entity_ids
    ).values_list("from_ictasset_id", "to_ictasset_id")
    return critical_support(direct, edges)


def mark_critical_support(assets: Sequence) -> None:
    """Set each asset's critical path (or None) in one pass over their entities' graphs."""
    from midora.ictrisk.models import ICTAsset

    paths = critical_paths({a.entity_id for a in assets})
    needed = {pk for a in assets for pk in paths.get(a.pk, ())}
    names = dict(ICTAsset._base_manager.filter(pk__in=needed).values_list("pk", "name"))
    for asset in assets:
        chain = paths.get(asset.pk)
        asset.__dict__["_critical_path"] = (
            None if chain is None else tuple(names.get(pk, str(pk)) for pk in chain)
        )


@dataclass(frozen=True)
class HeatmapView:
    matrix: RiskMatrix
    rows: tuple[tuple[tuple[HeatCell, int], ...], ...]  # (cell, count), highest likelihood first
    total: int
    outside: int  # risks rated on levels the configured matrix no longer has


def heatmap(risks: QuerySet, which: str) -> HeatmapView:
    """Counts per likelihood x impact cell of the inherent or residual rating (one GROUP BY)."""
    if which not in ("inherent", "residual"):
        raise ValueError(f"which must be inherent or residual, got {which!r}")
    matrix = active_matrix()
    lik, imp = f"{which}_likelihood", f"{which}_impact"
    counts = {
        (row[lik], row[imp]): row["n"]
        for row in risks.order_by().values(lik, imp).annotate(n=Count("pk"))
    }
    grid = matrix.heatmap([])
    rows = tuple(
        tuple((cell, counts.pop((cell.likelihood, cell.impact), 0)) for cell in row)
        for row in grid.rows
    )
    inside = sum(n for row in rows for _cell, n in row)
    return HeatmapView(matrix, rows, inside, sum(counts.values()))
