"""Board pack: ICT third-party dependencies and concentration (DORA Art. 28(4)(c), Art. 29, Art. 30)."""

from __future__ import annotations

from django.urls import reverse

from midora.boardpack.charts import Bar, bar_chart
from midora.boardpack.sections import (
    TABLE_ROWS,
    Figure,
    PackContext,
    RecordRef,
    Section,
    Table,
    model_or_none,
)

ORDER = 35
KEY = "suppliers"
TITLE = "Supplier dependencies and concentration"


def build(ctx: PackContext) -> Section:
    Arrangement = model_or_none("suppliers.ContractualArrangement")
    if Arrangement is None or not Arrangement.objects.filter(entity_id__in=ctx.entity_ids).exists():
        return Section(KEY, TITLE, empty="No ICT third-party arrangement is recorded yet.")
    from midora.suppliers.engine import concentration
    from midora.suppliers.gap_view import gap_rows, rank_arrangements
    from midora.suppliers.graph import dependency_graph

    graph = dependency_graph(set(ctx.entity_ids))
    reach = sorted(concentration.critical_functions_per_provider(graph), key=lambda r: -len(r.all))
    spofs = concentration.single_points_of_failure(graph)
    spend = concentration.spend_concentration(graph)
    name = lambda pid: graph.provider[pid].name if pid in graph.provider else pid  # noqa: E731
    bars = [Bar(name(r.provider_id), len(r.all)) for r in reach[:10] if r.all]
    arrangements = Arrangement.objects.filter(entity_id__in=ctx.entity_ids)
    cif_gaps = [r for r in rank_arrangements(arrangements) if r.supports_cif and r.missing]
    references = dict(
        arrangements.filter(pk__in=[int(r.arrangement_id) for r in cif_gaps]).values_list(
            "pk", "reference"
        )
    )
    worst = gap_rows(arrangements, cif_gaps[:TABLE_ROWS])
    decisions = []
    if spofs:
        decisions.append(
            f"Approve exit or substitution plans for {len(spofs)} critical function(s) resting on a single non-substitutable provider."
        )
    if cif_gaps:
        decisions.append(
            f"Mandate renegotiation of {len(cif_gaps)} contract(s) supporting critical functions with DORA Art. 30 clauses missing."
        )
    return Section(
        KEY,
        TITLE,
        summary=(
            f"{len(graph.providers)} ICT providers under {len(graph.arrangements)} arrangements; "
            f"{len(spofs)} single point(s) of failure; spend concentration HHI "
            f"{'—' if spend.hhi is None else f'{spend.hhi:.0f}'} (0-10,000)."
        ),
        figures=[
            Figure("suppliers.providers", "ICT third-party providers", len(graph.providers)),
            Figure("suppliers.arrangements", "Contractual arrangements", len(graph.arrangements)),
            Figure(
                "suppliers.spof",
                "Single points of failure",
                len(spofs),
                [RecordRef(f"{s.function_id} ← {name(s.provider_id)}") for s in spofs],
            ),
            Figure(
                "suppliers.cif_contract_gaps",
                "CIF contracts with Art. 30 clauses missing",
                len(cif_gaps),
                [
                    RecordRef(
                        references[int(r.arrangement_id)],
                        reverse("suppliers:contractualarrangement_detail", args=[r.arrangement_id]),
                    )
                    for r in cif_gaps
                ],
            ),
        ],
        charts=[bar_chart(bars)] if bars else [],
        tables=[
            Table(
                "Critical or important functions per provider",
                ["Provider", "Direct", "Through subcontracting"],
                [
                    [name(r.provider_id), len(r.direct), len(r.through_subcontracting)]
                    for r in reach[:10]
                    if r.all
                ],
            ),
            Table(
                "Single points of failure",
                ["Function", "Provider", "ICT services"],
                [[s.function_id, name(s.provider_id), ", ".join(s.service_types)] for s in spofs],
            ),
            Table(
                "Contract gaps on critical arrangements (worst first)",
                ["Arrangement", "Provider", "Missing clauses", "Score"],
                [
                    [
                        RecordRef(g.arrangement.reference, g.arrangement.get_absolute_url()),
                        g.arrangement.provider.name,
                        g.missing,
                        g.score,
                    ]
                    for g in worst
                ],
                more=len(cif_gaps) - len(worst),
                more_url=reverse("suppliers:gaps"),
            ),
        ],
        decisions_needed=decisions,
    )
