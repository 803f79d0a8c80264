"""Board pack: remediation priorities — overdue, needing funding, needing an owner."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from midora.boardpack.sections import Figure, PackContext, RecordRef, Section, Table, model_or_none
from midora.core.formatting import money
from midora.governance.engine.sources import source_label

ORDER = 50
KEY = "remediation"
TITLE = gettext_lazy("Remediation priorities")
OPEN = ("open", "in_progress")


def build(ctx: PackContext) -> Section:
    Action = model_or_none("governance.Action")
    actions = Action.objects.filter(entity_id__in=ctx.entity_ids) if Action else None
    if actions is None or not actions.exists():
        return Section(KEY, TITLE, empty=_("No remediation action is recorded yet."))
    open_actions = list(actions.filter(status__in=OPEN).select_related("entity", "owner"))
    overdue = sorted(
        (a for a in open_actions if a.due_date and a.due_date < ctx.today), key=lambda a: a.due_date
    )
    funding = [
        a
        for a in open_actions
        if getattr(a, "budget_needed", None) and not getattr(a, "budget_approved", False)
    ]
    unowned = [a for a in open_actions if a.owner_id is None]
    closed = actions.filter(
        status="done", closed_date__gte=ctx.period_from, closed_date__lte=ctx.period_to
    ).count()
    total = sum((a.budget_needed for a in funding), start=0)
    ref = lambda a: RecordRef(a.title, a.get_absolute_url())  # noqa: E731
    decisions = []
    if funding:
        decisions.append(
            ngettext(
                "Approve a budget of %(total)s for %(count)d remediation action awaiting funding.",
                "Approve a budget of %(total)s for %(count)d remediation actions awaiting funding.",
                len(funding),
            )
            % {"total": money(total), "count": len(funding)}
        )
    if unowned:
        decisions.append(
            ngettext(
                "Assign an owner to %(count)d open remediation action.",
                "Assign owners to %(count)d open remediation actions.",
                len(unowned),
            )
            % {"count": len(unowned)}
        )
    by_source: dict[str, int] = {}
    for a in open_actions:
        by_source[a.source_type or "manual"] = by_source.get(a.source_type or "manual", 0) + 1
    return Section(
        KEY,
        TITLE,
        summary=_(
            "Open actions: %(open)d; overdue: %(overdue)d; awaiting funding: %(funding)d; "
            "without an owner: %(unowned)d; closed in the period: %(closed)d."
        )
        % {
            "open": len(open_actions),
            "overdue": len(overdue),
            "funding": len(funding),
            "unowned": len(unowned),
            "closed": closed,
        },
        figures=[
            Figure("remediation.open", _("Open actions"), len(open_actions)),
            Figure(
                "remediation.overdue", _("Overdue actions"), len(overdue), [ref(a) for a in overdue]
            ),
            Figure(
                "remediation.needs_funding",
                _("Actions awaiting funding"),
                len(funding),
                [ref(a) for a in funding],
            ),
            Figure(
                "remediation.needs_owner",
                _("Actions without an owner"),
                len(unowned),
                [ref(a) for a in unowned],
            ),
            Figure("remediation.closed_in_period", _("Actions closed in the period"), closed),
        ],
        tables=[
            Table(
                _("Overdue (most overdue first)"),
                [_("Action"), _("Entity"), _("Due"), _("Priority"), _("Owner")],
                [
                    [
                        ref(a),
                        a.entity.name,
                        a.due_date.isoformat(),
                        a.get_priority_display(),
                        a.owner or "—",
                    ]
                    for a in overdue[:15]
                ],
                more_url=reverse("governance:action_list"),
            ),
            Table(
                _("Open actions by source"),
                [_("Source"), _("Open actions")],
                sorted([[source_label(k), v] for k, v in by_source.items()], key=lambda r: -r[1]),
            ),
        ],
        decisions_needed=decisions,
    )
