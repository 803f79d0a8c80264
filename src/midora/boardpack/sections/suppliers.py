"""Board pack: ICT third-party dependencies and concentration (DORA Art. 28(4)(c), Art. 29, Art. 30)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

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
TITLE = gettext_lazy("Supplier dependencies and concentration")


def build(ctx: PackContext) -> Section:
    Arrangement = model_or_none("suppliers.ContractualArrangement")
    if Arrangement is None or not Arrangement.objects.filter(entity_id__in=ctx.entity_ids).exists():
        return Section(KEY, TITLE, empty=_("No ICT third-party arrangement is recorded yet."))
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
            ngettext(
                "Approve exit or substitution plans for %(count)d critical function resting on a "
                "single non-substitutable provider.",
                "Approve exit or substitution plans for %(count)d critical functions resting on a "
                "single non-substitutable provider.",
                len(spofs),
            )
            % {"count": len(spofs)}
        )
    if cif_gaps:
        decisions.append(
            ngettext(
                "Mandate renegotiation of %(count)d contract supporting critical functions with "
                "DORA Art. 30 clauses missing.",
                "Mandate renegotiation of %(count)d contracts supporting critical functions with "
                "DORA Art. 30 clauses missing.",
                len(cif_gaps),
            )
            % {"count": len(cif_gaps)}
        )
    return Section(
        KEY,
        TITLE,
        summary=(
            _(
                "ICT providers: %(providers)d under %(arrangements)d arrangements; single points "
                "of failure: %(spofs)d; spend concentration HHI %(hhi)s (0-10,000)."
            )
            % {
                "providers": len(graph.providers),
                "arrangements": len(graph.arrangements),
                "spofs": len(spofs),
                "hhi": "—" if spend.hhi is None else f"{spend.hhi:.0f}",
            }
        ),
        figures=[
            Figure("suppliers.providers", _("ICT third-party providers"), len(graph.providers)),
            Figure(
                "suppliers.arrangements", _("Contractual arrangements"), len(graph.arrangements)
            ),
            Figure(
                "suppliers.spof",
                _("Single points of failure"),
                len(spofs),
                [RecordRef(f"{s.function_id} ← {name(s.provider_id)}") for s in spofs],
            ),
            Figure(
                "suppliers.cif_contract_gaps",
                _("CIF contracts with Art. 30 clauses missing"),
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
                _("Critical or important functions per provider"),
                [_("Provider"), _("Direct"), _("Through subcontracting")],
                [
                    [name(r.provider_id), len(r.direct), len(r.through_subcontracting)]
                    for r in reach[:10]
                    if r.all
                ],
            ),
            Table(
                _("Single points of failure"),
                [_("Function"), _("Provider"), _("ICT services")],
                [[s.function_id, name(s.provider_id), ", ".join(s.service_types)] for s in spofs],
            ),
            Table(
                _("Contract gaps on critical arrangements (worst first)"),
                [_("Arrangement"), _("Provider"), _("Missing clauses"), _("Score")],
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
