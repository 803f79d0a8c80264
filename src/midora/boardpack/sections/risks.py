"""Board pack: the top ICT risks with the residual heatmap (DORA Art. 6; RTS 2024/1774 Art. 3)."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from midora.boardpack.charts import heatmap_grid
from midora.boardpack.sections import Figure, PackContext, RecordRef, Section, Table, model_or_none

ORDER = 30
KEY = "risks"
TITLE = gettext_lazy("Top ICT risks")
TOP = 10


def build(ctx: PackContext) -> Section:
    Risk = model_or_none("ictrisk.Risk")
    if Risk is None or not Risk.objects.filter(entity_id__in=ctx.entity_ids).exists():
        return Section(KEY, TITLE, empty=_("No ICT risk is recorded in the register yet."))
    from midora.ictrisk.matrix_config import active_matrix

    matrix = active_matrix()
    risks = Risk.objects.filter(entity_id__in=ctx.entity_ids)
    counts = {
        (row["residual_likelihood"], row["residual_impact"]): row["n"]
        for row in risks.values("residual_likelihood", "residual_impact").annotate(n=Count("pk"))
    }
    size = max([5, *[max(k) for k in counts]])
    colours = {}
    for likelihood in range(1, size + 1):
        for impact in range(1, size + 1):
            try:
                colours[(likelihood, impact)] = matrix.score(likelihood, impact).band.colour
            except (ValueError, KeyError):
                colours[(likelihood, impact)] = "#e9edf2"
    scored = sorted(
        risks.select_related("entity").only(
            "pk",
            "reference",
            "title",
            "entity__name",
            "residual_likelihood",
            "residual_impact",
            "inherent_likelihood",
            "inherent_impact",
            "treatment",
            "owner",
        )[:5000],
        key=lambda r: (-(r.residual_likelihood * r.residual_impact), r.reference),
    )
    top = scored[:TOP]
    outside = [
        r
        for r in scored
        if not matrix.score(r.residual_likelihood, r.residual_impact).within_appetite
    ]
    ref = lambda r: RecordRef(r.reference, r.get_absolute_url())  # noqa: E731
    rows = [
        [
            ref(r),
            r.title,
            r.entity.name,
            f"{r.inherent_likelihood} x {r.inherent_impact}",
            f"{r.residual_likelihood} x {r.residual_impact} "
            f"({_(matrix.score(r.residual_likelihood, r.residual_impact).band.name)})",
            r.get_treatment_display(),
        ]
        for r in top
    ]
    decisions = []
    if outside:
        decisions.append(
            ngettext(
                "Decide treatment or acceptance for %(count)d risk whose residual rating is "
                "above the risk appetite.",
                "Decide treatment or acceptance for %(count)d risks whose residual rating is "
                "above the risk appetite.",
                len(outside),
            )
            % {"count": len(outside)}
        )
    return Section(
        KEY,
        TITLE,
        summary=_("ICT risks recorded: %(total)d; above appetite after controls: %(outside)d.")
        % {"total": risks.count(), "outside": len(outside)},
        figures=[
            Figure("risks.total", _("ICT risks in the register"), risks.count()),
            Figure(
                "risks.above_appetite",
                _("Residual risks above appetite"),
                len(outside),
                [ref(r) for r in outside],
            ),
        ],
        charts=[
            heatmap_grid(counts, colours, size=size, title=_("Residual risk (count per cell)"))
        ],
        tables=[
            Table(
                _("The %(count)d highest residual risks") % {"count": len(top)},
                [_("Risk"), _("Title"), _("Entity"), _("Inherent"), _("Residual"), _("Treatment")],
                rows,
            )
        ],
        decisions_needed=decisions,
    )
