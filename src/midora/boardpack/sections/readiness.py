"""Board pack: readiness per regime by area — MiCA and DORA scored and shown separately."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from midora.boardpack.charts import grouped_bars
from midora.boardpack.sections import Figure, PackContext, RecordRef, Section, Table, model_or_none
from midora.compliance.engine.maturity import RequirementResult, ResultStatus, score_regime
from midora.core.formatting import number, percent

ORDER = 20
KEY = "readiness"
TITLE = gettext_lazy("Readiness per regime")
REGIMES = {"MICA": "MiCA", "DORA": "DORA"}


def _latest_assessment(Assessment, regime: str, ctx: PackContext):
    return (
        Assessment.objects.filter(
            regime=regime, entities__in=ctx.entity_ids, started_on__lte=ctx.period_to
        )
        .distinct()
        .order_by("-started_on", "-pk")
        .first()
    )


def _results(assessment) -> list[RequirementResult]:
    rows = assessment.results.select_related("requirement").values_list(
        "requirement__ref",
        "requirement__area",
        "status",
        "current_maturity",
        "target_maturity",
        "rationale",
    )
    regime = REGIMES[assessment.regime]
    return [
        RequirementResult(
            requirement_id=rid,
            regime=regime,
            area=area,
            status=ResultStatus(status) if status else None,
            current_maturity=current,
            target_maturity=target,
            justification=rationale or "",
        )
        for rid, area, status, current, target, rationale in rows
    ]


def build(ctx: PackContext) -> Section:
    Assessment = model_or_none("compliance.Assessment")
    if Assessment is None:
        return Section(
            KEY, TITLE, empty=_("No gap assessment is recorded yet: readiness cannot be scored.")
        )
    scores, figures, tables, summary = {}, [], [], []
    for code, name in REGIMES.items():
        assessment = _latest_assessment(Assessment, code, ctx)
        if assessment is None:
            summary.append(_("%(regime)s: no assessment yet.") % {"regime": name})
            continue
        score = score_regime(_results(assessment))
        scores[name] = score
        ref = [RecordRef(assessment.title, assessment.get_absolute_url())]
        overall = score.overall
        figures.append(
            Figure(
                f"readiness.{code.lower()}.compliance",
                _("%(regime)s: compliance score (%%, met plus half of partially met)")
                % {"regime": name},
                overall.compliance,
                ref,
            )
        )
        figures.append(
            Figure(
                f"readiness.{code.lower()}.progress",
                _("%(regime)s: requirements assessed (%%)") % {"regime": name},
                overall.progress,
                ref,
            )
        )
        figures.append(
            Figure(
                f"readiness.{code.lower()}.not_met",
                _("%(regime)s: requirements not met") % {"regime": name},
                overall.not_met,
                ref,
            )
        )
        summary.append(
            _(
                "%(regime)s: compliance score %(score)s (met plus half of partially met), "
                "%(met)d requirements fully met, %(assessed)s assessed (%(assessment)s)."
            )
            % {
                "regime": name,
                "score": percent(overall.compliance),
                "met": overall.met,
                "assessed": percent(overall.progress),
                "assessment": assessment.title,
            }
        )
        tables.append(
            Table(
                _("%(regime)s by area (%(assessment)s)")
                % {"regime": name, "assessment": assessment.title},
                [
                    _("Area"),
                    _("Assessed"),
                    _("Met"),
                    _("Partially met"),
                    _("Not met"),
                    _("Score (%)"),
                    _("Maturity now / target"),
                ],
                [
                    [
                        _(area),
                        f"{a.assessed}/{a.requirements}",
                        a.met,
                        a.partially_met,
                        a.not_met,
                        percent(a.compliance),
                        "—"
                        if a.mean_current_maturity is None
                        else f"{number(a.mean_current_maturity, 1)} / {number(a.mean_target_maturity or 0, 1)}",
                    ]
                    for area, a in sorted(score.areas.items())
                ],
            )
        )
    if not scores:
        return Section(
            KEY, TITLE, empty=_("No gap assessment covers the entities of this pack yet.")
        )
    areas = sorted({area for s in scores.values() for area in s.areas})
    chart = grouped_bars(
        [_(a) for a in areas],
        {
            name: [(s.areas[a].compliance or 0) if a in s.areas else 0 for a in areas]
            for name, s in scores.items()
        },
    )
    return Section(
        KEY,
        TITLE,
        summary=" ".join(summary),
        figures=figures,
        tables=tables,
        charts=[chart],
        notes=[_("MiCA and DORA are separate laws: their scores are never added together.")],
    )
