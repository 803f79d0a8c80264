"""Board pack: resilience testing done against plan, and untested critical functions (DORA Art. 24-25)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from midora.boardpack.sections import Figure, PackContext, RecordRef, Section, Table, model_or_none

ORDER = 45
KEY = "testing"
TITLE = gettext_lazy("Resilience testing against plan")


def build(ctx: PackContext) -> Section:
    Test = model_or_none("resilience.ResilienceTest")
    if Test is None or not Test.objects.filter(entity_id__in=ctx.entity_ids).exists():
        return Section(KEY, TITLE, empty=_("No resilience test is planned or recorded yet."))
    from midora.core.models import BusinessFunction
    from midora.resilience.engine import coverage

    in_period = list(
        Test.objects.filter(
            entity_id__in=ctx.entity_ids,
            planned_date__gte=ctx.period_from,
            planned_date__lte=ctx.period_to,
        )
        .exclude(status="cancelled")
        .order_by("planned_date")
    )
    done = [t for t in in_period if t.status == "done"]
    functions = {
        str(f.pk): f
        for f in BusinessFunction.objects.filter(entity_id__in=ctx.entity_ids).select_related(
            "entity"
        )
    }
    critical = {pk: f for pk, f in functions.items() if f.is_critical}
    history = [
        coverage.ResilienceTest(
            id=str(t.pk),
            test_type=t.test_type,
            status=coverage.TestStatus(t.status),
            on=t.on,
            function_ids=frozenset(str(f.pk) for f in t.functions.all()),  # prefetched
        )
        for t in Test.objects.filter(entity_id__in=ctx.entity_ids)
        .exclude(status="cancelled")
        .prefetch_related("functions")
    ]
    gaps = coverage.untested_functions(
        [coverage.BusinessFunction(pk, f.identifier, f.is_critical) for pk, f in functions.items()],
        [t for t in history if t.function_ids <= functions.keys()],
        ctx.period_to,
    )
    ref = lambda t: RecordRef(t.title, t.get_absolute_url())  # noqa: E731
    gap_refs = [
        RecordRef(critical[g.function.id].identifier, critical[g.function.id].get_absolute_url())
        for g in gaps
    ]
    decisions = []
    if gaps:
        decisions.append(
            ngettext(
                "Schedule tests for %(count)d critical or important function not tested in the "
                "last 12 months.",
                "Schedule tests for %(count)d critical or important functions not tested in the "
                "last 12 months.",
                len(gaps),
            )
            % {"count": len(gaps)}
        )
    return Section(
        KEY,
        TITLE,
        summary=_(
            "Tests planned in the period: %(planned)d, of which done: %(done)d; critical or "
            "important functions untested for 12 months: %(gaps)d."
        )
        % {"planned": len(in_period), "done": len(done), "gaps": len(gaps)},
        figures=[
            Figure(
                "testing.planned",
                _("Tests planned in the period"),
                len(in_period),
                [ref(t) for t in in_period],
            ),
            Figure("testing.done", _("Tests done"), len(done), [ref(t) for t in done]),
            Figure(
                "testing.untested_critical",
                _("Critical functions untested for 12 months"),
                len(gaps),
                gap_refs,
            ),
        ],
        tables=[
            Table(
                _("Tests planned in the period"),
                [_("Test"), _("Type"), _("Planned"), _("Status"), _("Outcome")],
                [
                    [
                        ref(t),
                        t.get_test_type_display(),
                        t.planned_date.isoformat(),
                        t.get_status_display(),
                        t.get_outcome_display() or "—",
                    ]
                    for t in in_period
                ],
                more_url=reverse("resilience:resiliencetest_list"),
            ),
            Table(
                _("Critical functions untested for 12 months"),
                [_("Function"), _("Entity"), _("Last tested")],
                [
                    [
                        gap_refs[i],
                        critical[g.function.id].entity.name,
                        g.last_tested.isoformat() if g.last_tested else "never",
                    ]
                    for i, g in enumerate(gaps)
                ],
            ),
        ],
        decisions_needed=decisions,
    )
