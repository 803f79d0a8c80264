"""Board pack: risk acceptances in force and expiring (RTS 2024/1774 Art. 3(1)(d))."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from midora.boardpack.sections import Figure, PackContext, RecordRef, Section, Table, model_or_none

ORDER = 55
KEY = "acceptances"
TITLE = "Risk acceptances"
EXPIRY_WINDOW = dt.timedelta(days=90)


def build(ctx: PackContext) -> Section:
    Acceptance = model_or_none("ictrisk.RiskAcceptance")
    acceptances = (
        Acceptance.objects.filter(risk__entity_id__in=ctx.entity_ids).select_related("risk")
        if Acceptance
        else None
    )
    if acceptances is None or not acceptances.exists():
        return Section(KEY, TITLE, empty="No risk acceptance is recorded yet.")
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
            f"Renew or end {len(expiring)} risk acceptance(s) expiring within 90 days."
        )
    return Section(
        KEY,
        TITLE,
        summary=f"{len(in_force)} acceptances in force, {len(expiring)} expiring within 90 days, {len(expired)} expired in the period.",
        figures=[
            Figure(
                "acceptances.in_force",
                "Acceptances in force",
                len(in_force),
                [ref(a) for a in in_force],
            ),
            Figure(
                "acceptances.expiring",
                "Expiring within 90 days",
                len(expiring),
                [ref(a) for a in expiring],
            ),
            Figure(
                "acceptances.expired_in_period",
                "Expired in the period",
                len(expired),
                [ref(a) for a in expired],
            ),
        ],
        tables=[
            Table(
                "Expiring acceptances",
                ["Risk", "Title", "Accepted by", "Until", "Why"],
                [
                    [ref(a), a.risk.title, a.accepted_by, a.valid_until.isoformat(), a.reason[:120]]
                    for a in expiring
                ],
                more_url=reverse("ictrisk:riskacceptance_list"),
            )
        ],
        decisions_needed=decisions,
    )
