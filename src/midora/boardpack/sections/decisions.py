"""Board pack: decisions of the management body taken in the period (DORA Art. 5(2))."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from midora.boardpack.sections import Figure, PackContext, RecordRef, Section, Table, model_or_none

ORDER = 60
KEY = "decisions"
TITLE = gettext_lazy("Decisions taken")


def build(ctx: PackContext) -> Section:
    Decision = model_or_none("governance.Decision")
    if Decision is None:
        return Section(KEY, TITLE, empty=_("No decision of the management body is recorded yet."))
    decisions = list(
        Decision.objects.filter(
            entity_id__in=ctx.entity_ids, date__gte=ctx.period_from, date__lte=ctx.period_to
        )
        .select_related("entity")
        .order_by("date")
    )
    if not decisions:
        return Section(
            KEY,
            TITLE,
            summary=_("No decision of the management body was recorded in the period."),
            figures=[Figure("decisions.count", _("Decisions taken in the period"), 0)],
        )
    ref = lambda d: RecordRef(d.reference, d.get_absolute_url())  # noqa: E731
    return Section(
        KEY,
        TITLE,
        summary=ngettext(
            "%(count)d decision of the management body recorded in the period.",
            "%(count)d decisions of the management body recorded in the period.",
            len(decisions),
        )
        % {"count": len(decisions)},
        figures=[
            Figure(
                "decisions.count",
                _("Decisions taken in the period"),
                len(decisions),
                [ref(d) for d in decisions],
            )
        ],
        tables=[
            Table(
                _("Decisions"),
                [_("Reference"), _("Date"), _("Entity"), _("Subject")],
                [[ref(d), d.date.isoformat(), d.entity.name, d.subject] for d in decisions],
                more_url=reverse("governance:decision_list"),
            )
        ],
    )
