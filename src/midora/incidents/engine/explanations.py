"""Why each classification criterion is met or not (Delegated Regulation (EU) 2024/1772 Arts 6
and 9), as sentences a page can say in the reader's language (midora.core.engine.sentences)."""

from __future__ import annotations

from datetime import datetime

from midora.core.engine.sentences import Duration, Figure, Sentence, _, joined
from midora.incidents.engine.classification import (
    CLIENTS_NUMBER,
    CLIENTS_SHARE_PCT,
    COUNTERPARTS_SHARE_PCT,
    EUR_100K,
    GATE_KEY,
    TRANSACTIONS_SHARE_PCT,
    Assessment,
    ClassificationOptions,
    CriterionResult,
    _duration,
    _over,
    _supports_cif,
    _t9_4,
)
from midora.incidents.engine.facts import ImpactFacts


def threshold_reasons(
    a: Assessment,
    impact: ImpactFacts,
    home_state: str,
    aware_at: datetime | None,
    options: ClassificationOptions,
) -> tuple[CriterionResult, ...]:
    """RTS-C Art 9: each threshold of an assessment with its reason."""
    t = a.met
    e = a.estimated
    return (
        CriterionResult("t9_1", "RTS-C Art 9(1)", t[0], _why_9_1(impact, t[0]), e[0]),
        CriterionResult("t9_2", "RTS-C Art 9(2)", t[1], _why_9_2(impact), e[1]),
        CriterionResult("t9_3", "RTS-C Art 9(3)", t[2], _why_9_3(impact, aware_at, t[2]), e[2]),
        CriterionResult(
            "t9_4", "RTS-C Art 9(4)", t[3], _why_9_4(impact, home_state, options, t[3]), e[3]
        ),
        CriterionResult("t9_5a", "RTS-C Art 9(5)(a)", t[4], _why_9_5a(impact, t[4]), e[4]),
        CriterionResult("t9_5b", "RTS-C Art 9(5)(b)", t[5], _why_9_5b(impact, a), e[5]),
        CriterionResult("t9_6", "RTS-C Art 9(6)", t[6], _why_9_6(impact, a), e[6]),
    )


def critical_services_reason(impact: ImpactFacts) -> CriterionResult:
    """RTS-C Art 6 with its reasons (a), (b), (c)."""
    reasons = []
    cif = [s.name for s in impact.services_affected if s.supports_critical_or_important_function]
    auth = [s.name for s in impact.services_affected if s.authorised_crypto_asset_service]
    if cif:
        reasons.append(
            Sentence(
                _("(a) services supporting critical or important functions: %(services)s"),
                services=", ".join(cif),
            )
        )
    if auth:
        reasons.append(
            Sentence(
                _("(b) authorised crypto-asset services: %(services)s"), services=", ".join(auth)
            )
        )
    if impact.successful_malicious_unauthorised_access:
        reasons.append(
            Sentence(_("(c) successful, malicious and unauthorised access to network systems"))
        )
    if reasons:
        why = Sentence(_("Critical services affected: %(reasons)s."), reasons=joined("; ", reasons))
        return CriterionResult(GATE_KEY, "RTS-C Art 6", True, why)
    return CriterionResult(
        GATE_KEY,
        "RTS-C Art 6",
        False,
        Sentence(_("No CIF-supporting or authorised service affected and no malicious access.")),
    )


def _pct(part: int, whole: int) -> Sentence:
    """A share with two decimals; when rounding would hide which side of a whole
    percentage it lies on, say so ("just over 10.00 %")."""
    if not whole:
        return Sentence(_("n/a"))
    value = part / whole * 100
    shown = round(value, 2)
    text = Sentence(_("%(share)s %%"), share=Figure(value, 2))
    if shown == int(shown) and value != shown:
        if value > shown:
            return Sentence(_("just over %(share)s"), share=text)
        return Sentence(_("just under %(share)s"), share=text)
    return text


def _verdict(met: bool, parts: list[Sentence]) -> Sentence:
    if met:
        return Sentence(_("Met: %(reasons)s."), reasons=joined("; ", parts))
    return Sentence(_("Not met: %(reasons)s."), reasons=joined("; ", parts))


def _share(template: str, part: int, whole: int) -> Sentence:
    """RTS-C Art 9(1)(a), (c): "part/whole = share" against its threshold."""
    return Sentence(template, affected=Figure(part), total=Figure(whole), share=_pct(part, whole))


def _why_9_1(impact: ImpactFacts, met: bool) -> Sentence:
    hits: list[Sentence] = []
    seen: list[Sentence] = []
    ca, cu = impact.clients_affected, impact.clients_using_service
    if ca is not None and cu:
        (hits if _over(ca, cu, CLIENTS_SHARE_PCT) else seen).append(
            _share(_("(a) clients %(affected)s/%(total)s = %(share)s vs > 10 %%"), ca, cu)
        )
    if ca is not None:
        (hits if ca > CLIENTS_NUMBER else seen).append(
            Sentence(
                _("(b) %(affected)s clients affected vs > %(threshold)s"),
                affected=Figure(ca),
                threshold=Figure(CLIENTS_NUMBER),
            )
        )
    pa, pt = impact.counterparts_affected, impact.counterparts_total
    if pa is not None and pt:
        (hits if _over(pa, pt, COUNTERPARTS_SHARE_PCT) else seen).append(
            _share(_("(c) counterparts %(affected)s/%(total)s = %(share)s vs > 30 %%"), pa, pt)
        )
    for value, template in (
        (
            impact.transactions_affected_pct_of_daily_avg_number,
            _("(d) transactions %(share)s %% of daily average number vs > 10 %%"),
        ),
        (
            impact.transactions_affected_pct_of_daily_avg_value,
            _("(e) transactions %(share)s %% of daily average value vs > 10 %%"),
        ),
    ):
        if value is not None:
            (hits if value > TRANSACTIONS_SHARE_PCT else seen).append(
                Sentence(template, share=Figure(value, 1))
            )
    if impact.relevant_clients_or_counterparts_affected:
        hits.append(Sentence(_("(f) a relevant client or counterpart (Art 1(3)) was affected")))
    if met or seen:
        return _verdict(met, hits if met else seen)
    return Sentence(_("Not met: no figures."))


def _why_9_2(impact: ImpactFacts) -> Sentence:
    rep = impact.reputational
    cases = (
        (_("(a) reflected in the media"), rep.media),
        (
            _("(b) repetitive complaints from different clients or counterparts"),
            rep.repetitive_complaints,
        ),
        (
            _("(c) regulatory requirements likely not met"),
            rep.regulatory_requirements_breach_likely,
        ),
        (_("(d) material loss of clients or counterparts likely"), rep.material_client_loss_likely),
    )
    hits = [Sentence(c) for c, v in cases if v]
    if hits:
        return _verdict(True, hits)
    return Sentence(_("Not met: none of the Art 2(1) cases applies."))


def _why_9_3(impact: ImpactFacts, aware_at: datetime | None, met: bool) -> Sentence:
    duration = _duration(impact, aware_at)
    parts = [
        Sentence(_("(a) duration %(duration)s vs > 24 h"), duration=Duration(duration))
        if duration is not None
        else Sentence(_("(a) duration not known (occurrence or resolution time missing)"))
    ]
    if impact.service_downtime is not None:
        downtime = Duration(impact.service_downtime)
        if not _supports_cif(impact):
            parts.append(Sentence(_("(b) downtime concerns no service supporting a CIF")))
        elif impact.downtime_basis:
            parts.append(
                Sentence(
                    _("(b) CIF service downtime %(downtime)s (%(basis)s) vs > 2 h"),
                    downtime=downtime,
                    basis=impact.downtime_basis,
                )
            )
        else:
            parts.append(
                Sentence(_("(b) CIF service downtime %(downtime)s vs > 2 h"), downtime=downtime)
            )
    return _verdict(met, parts)


def _why_9_4(
    impact: ImpactFacts, home_state: str, options: ClassificationOptions, met: bool
) -> Sentence:
    counted = _t9_4(impact, home_state, options)
    states = ", ".join(sorted(counted)) or Sentence(_("none"))
    return _verdict(
        met,
        [
            Sentence(
                _("%(count)s Member State(s) counted (%(states)s) vs >= 2"),
                count=Figure(len(counted)),
                states=states,
            )
        ],
    )


def _dimensions(dims: tuple[str, ...]) -> object:
    """The data dimensions (RTS-C Art 9(5)(a)) named for a sentence."""
    return joined(", ", [Sentence(DIMENSION_NAMES.get(d, d)) for d in dims])


DIMENSION_NAMES = {
    "availability": _("availability"),
    "authenticity": _("authenticity"),
    "integrity": _("integrity"),
    "confidentiality": _("confidentiality"),
}


def _why_9_5a(impact: ImpactFacts, met: bool) -> Sentence:
    dims = impact.data_impact.dimensions()
    if met:
        return Sentence(
            _(
                "Met: adverse data impact (%(dimensions)s) on business objectives or regulatory "
                "compliance."
            ),
            dimensions=_dimensions(dims) if dims else Sentence(_("as established")),
        )
    if not dims:
        return Sentence(
            _(
                "Not met: no data impact without established adverse effect on business "
                "objectives or compliance."
            )
        )
    return Sentence(
        _(
            "Not met: impact on %(dimensions)s without established adverse effect on business "
            "objectives or compliance."
        ),
        dimensions=_dimensions(dims),
    )


def _why_9_5b(impact: ImpactFacts, a: Assessment) -> Sentence:
    if not impact.successful_malicious_unauthorised_access:
        return Sentence(_("Not met: no successful malicious unauthorised access."))
    if impact.access_may_result_in_data_losses is False:
        return Sentence(_("Not met: the access cannot result in data losses."))
    if not a.met[5]:
        return Sentence(_("Not met: the access is covered by 9(5)(a) (literal)."))
    return Sentence(
        _("Met: successful malicious unauthorised access that may result in data losses.")
    )


def _why_9_6(impact: ImpactFacts, a: Assessment) -> Sentence:
    costs = Figure(a.economic_impact_eur, currency="EUR")
    threshold = Figure(EUR_100K, currency="EUR")
    excluded = [c.category for c in impact.costs if not c.counted and c.category != "total"]
    if excluded:
        why = Sentence(
            _(
                "gross counted costs %(costs)s vs > %(threshold)s (recoveries not netted); "
                "excluded under Art 7(2): %(excluded)s"
            ),
            costs=costs,
            threshold=threshold,
            excluded=", ".join(excluded),
        )
    else:
        why = Sentence(
            _("gross counted costs %(costs)s vs > %(threshold)s (recoveries not netted)"),
            costs=costs,
            threshold=threshold,
        )
    return _verdict(a.met[6], [why])
