"""Board pack: risk acceptances in force and expiring (RTS 2024/1774 Art. 3(1)(d))."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from midora.boardpack.sections import Figure, PackContext, RecordRef, Section, Table, model_or_none

ORDER = 55
KEY = "acceptances"
TITLE = gettext_lazy("Risk acceptances")
EXPIRY_WINDOW = dt.timedelta(days=90)


def build(ctx: PackContext) -> Section:
    Acceptance = model_or_none("ictrisk.RiskAcceptance")
    acceptances = (
        Acceptance.objects.filter(risk__entity_id__in=ctx.entity_ids).select_related("risk")
        if Acceptance
        else None
    )
    if acceptances is None or not acceptances.exists():
        return Section(KEY, TITLE, empty=_("No risk acceptance is recorded yet."))
    in_force = [a for a in acceptances if a.approved and a.valid_from <= ctx.today <= a.valid_until]
    expiring = sorted(
        (a for a in in_force if a.valid_until <= ctx.today + EXPIRY_WINDOW),
        key=lambda a: a.valid_until,
    )
    expired = [a for a in acceptances if a.valid_until < ctx.today and ctx.in_period(a.valid_until)]
    ref = lambda a: RecordRef(a.risk.reference, a.risk.get_absolute_url())  # noqa: E731
    decisions = []
    if expiring:
        decisions.append(
            ngettext(
                "Renew or end %(count)d risk acceptance expiring within 90 days.",
                "Renew or end %(count)d risk acceptances expiring within 90 days.",
                len(expiring),
            )
            % {"count": len(expiring)}
        )
    return Section(
        KEY,
        TITLE,
        summary=_(
            "Acceptances in force: %(in_force)d; expiring within 90 days: %(expiring)d; "
            "expired in the period: %(expired)d."
        )
        % {"in_force": len(in_force), "expiring": len(expiring), "expired": len(expired)},
        figures=[
            Figure(
                "acceptances.in_force",
                _("Acceptances in force"),
                len(in_force),
                [ref(a) for a in in_force],
            ),
            Figure(
                "acceptances.expiring",
                _("Expiring within 90 days"),
                len(expiring),
                [ref(a) for a in expiring],
            ),
            Figure(
                "acceptances.expired_in_period",
                _("Expired in the period"),
                len(expired),
                [ref(a) for a in expired],
            ),
        ],
        tables=[
            Table(
                _("Expiring acceptances"),
                [_("Risk"), _("Title"), _("Accepted by"), _("Until"), _("Why")],
                [
                    [ref(a), a.risk.title, a.accepted_by, a.valid_until.isoformat(), a.reason[:120]]
                    for a in expiring
                ],
                more_url=reverse("ictrisk:riskacceptance_list"),
            )
        ],
        decisions_needed=decisions,
    )
