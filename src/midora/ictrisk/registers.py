"""How ICT assets, risks and risk acceptances are listed, filtered and shown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from midora.core.register_framework import (
    ENTITY_COLUMN,
    ENTITY_FILTER,
    OWNER_COLUMN,
    ApiOutput,
    Column,
    ConditionFilter,
    DatePassedFilter,
    Filter,
    Register,
    Related,
    record_choices,
    static_choices,
    yes_no,
)
from midora.ictrisk.choices import AcceptanceAuthority, AssetType, Treatment
from midora.ictrisk.forms import ICTAssetForm, RiskAcceptanceForm, RiskForm
from midora.ictrisk.matrix_config import active_matrix
from midora.ictrisk.models import ICTAsset, Risk, RiskAcceptance


@dataclass(frozen=True)
class CriticalSupportFilter(ConditionFilter):
    """Assets that support a critical or important function (computed from the links)."""

    def condition(self, queryset: models.QuerySet) -> models.Q:
        from midora.ictrisk.services import critical_paths

        entity_ids = set(queryset.order_by().values_list("entity_id", flat=True).distinct())
        return models.Q(pk__in=list(critical_paths(entity_ids)))


def level_filter_choices(axis: str) -> Any:
    def choices(_request: HttpRequest) -> Sequence[tuple[int, str]]:
        return [(lvl.level, f"{lvl.level} {lvl.name}") for lvl in getattr(active_matrix(), axis)]

    return choices


class Rating(Schema):
    """A rating as written (likelihood, impact) and as rated through the risk matrix."""

    likelihood: int
    impact: int
    score: int | None
    band: str | None
    within_appetite: bool | None


class WarningOut(Schema):
    code: str
    message: str


def _rating(which: str) -> ApiOutput:
    def rating(risk: Risk) -> dict[str, Any]:
        score = getattr(risk, which)
        return {
            "likelihood": getattr(risk, f"{which}_likelihood"),
            "impact": getattr(risk, f"{which}_impact"),
            "score": score.score if score else None,
            "band": score.band.name if score else None,
            "within_appetite": score.within_appetite if score else None,
        }

    return ApiOutput(Rating, rating)


def _effective(risk: Risk) -> str:
    effective = risk.effective()
    label = Treatment(effective.treatment.value).label
    if effective.back_in_treatment:
        return gettext("%(treatment)s (acceptance expired)") % {"treatment": label}
    return str(label)


def _critical_text(asset: ICTAsset) -> str:
    path = asset.critical_path
    if path is None:
        return gettext("No")
    if len(path) == 1:
        return gettext("Yes")
    return gettext("Yes, via %(chain)s") % {"chain": " → ".join(path[:-1])}


ict_assets = Register(
    model=ICTAsset,
    slug="assets",
    columns=[
        Column("name", _("Name"), sort="name", link=True),
        ENTITY_COLUMN,
        Column("asset_type", _("Type"), sort="asset_type"),
        Column("cia_text", _("C/I/A")),
        Column("critical", _("Supports critical functions"), render=_critical_text),
        OWNER_COLUMN,
    ],
    form_class=ICTAssetForm,
    links_across_entities=["providers"],
    api_outputs={"supports_critical_functions": bool},
    search_fields=["name", "description", "location", "entity__name"],
    filters=[
        ENTITY_FILTER,
        Filter("asset_type", _("Type"), "asset_type", static_choices(AssetType.choices)),
        CriticalSupportFilter("critical", _("Supports critical functions"), "pk", yes_no),
    ],
    ordering=["entity__name", "name"],
    select_related=["entity", "owner"],
    detail_fields=[
        "entity",
        "name",
        "asset_type",
        "description",
        "confidentiality",
        "integrity",
        "availability",
        "functions",
        "crypto_services",
        "providers",
        "arrangements",
        "depends_on",
        "dependants",
        "location",
        "owner",
    ],
    related=[
        Related(
            _("Risks on this asset"),
            "risks",
            [
                Column("reference", _("Reference")),
                Column("title", _("Title")),
                Column("residual", _("Residual"), render=lambda r: r.rating_text("residual")),
            ],
        ),
    ],
    description=_(
        "Information and ICT assets, including wallets and key management, with the "
        "functions, crypto-asset services and providers behind them (DORA Art. 8)."
    ),
)

risks = Register(
    model=Risk,
    slug="risks",
    title=_("ICT risk register"),
    columns=[
        Column("reference", _("Reference"), sort="reference", link=True),
        Column("title", _("Title"), sort="title"),
        ENTITY_COLUMN,
        Column("inherent", _("Inherent"), render=lambda r: r.rating_text("inherent")),
        Column("residual", _("Residual"), render=lambda r: r.rating_text("residual")),
        Column("treatment", _("Treatment in force"), sort="treatment", render=_effective),
        OWNER_COLUMN,
        Column("next_review", _("Next review date"), sort="next_review"),
        Column("flags", _("Flags"), render=lambda r: "; ".join(r.flags())),
    ],
    form_class=RiskForm,
    links_across_entities=["providers", "controls"],
    api_outputs={
        "inherent": _rating("inherent"),
        "residual": _rating("residual"),
        "warnings": ApiOutput(
            list[WarningOut],
            lambda risk: [{"code": w.code, "message": w.message} for w in risk.warnings],
        ),
        "treatment_in_force": ApiOutput(str, lambda risk: risk.effective().treatment.value),
        "acceptance_expired": ApiOutput(bool, lambda risk: risk.effective().back_in_treatment),
        "review_overdue": bool,
    },
    search_fields=["reference", "title", "threat", "vulnerability"],
    filters=[
        ENTITY_FILTER,
        Filter("treatment", _("Treatment"), "treatment", static_choices(Treatment.choices)),
        Filter(
            "inherent_likelihood",
            _("Inherent likelihood"),
            "inherent_likelihood",
            level_filter_choices("likelihood"),
        ),
        Filter(
            "inherent_impact",
            _("Inherent impact"),
            "inherent_impact",
            level_filter_choices("impact"),
        ),
        Filter(
            "residual_likelihood",
            _("Residual likelihood"),
            "residual_likelihood",
            level_filter_choices("likelihood"),
        ),
        Filter(
            "residual_impact",
            _("Residual impact"),
            "residual_impact",
            level_filter_choices("impact"),
        ),
        DatePassedFilter("review_overdue", _("Review overdue"), "next_review", yes_no),
    ],
    ordering=["entity__name", "reference"],
    select_related=["entity", "owner"],
    detail_fields=[
        "entity",
        "reference",
        "title",
        "threat",
        "vulnerability",
        "consequence",
        "assets",
        "functions",
        "crypto_services",
        "providers",
        "controls",
        "treatment",
        "treatment_plan",
        "next_review",
        "last_reviewed",
        "owner",
    ],
    description=_(
        "ICT risk scenarios with inherent and residual ratings through the configured "
        "risk matrix (DORA Art. 6(8); RTS 2024/1774 Art. 3)."
    ),
)

acceptances = Register(
    model=RiskAcceptance,
    slug="acceptances",
    title=_("Risk acceptances"),
    columns=[
        Column("risk", _("Risk"), sort="risk__reference", link=True),
        Column("risk.entity.name", _("Entity"), sort="risk__entity__name"),
        Column("accepted_by", _("Accepted by"), sort="accepted_by"),
        Column("authority", _("Level"), sort="authority"),
        Column("accepted_rating", _("Rating accepted")),
        Column("valid_until", _("Until"), sort="valid_until"),
        Column("state_label", _("State")),
        Column("decision", _("Decision")),
    ],
    form_class=RiskAcceptanceForm,
    api_outputs={"state": ApiOutput(str, lambda obj: obj.state().value), "review_due": bool},
    search_fields=["risk__reference", "risk__title", "accepted_by", "reason"],
    filters=[
        ENTITY_FILTER,
        Filter(
            "risk",
            _("Risk"),
            "risk",
            record_choices(Risk.objects.order_by("reference"), "reference"),
        ),
        Filter("authority", _("Level"), "authority", static_choices(AcceptanceAuthority.choices)),
        Filter("approved", _("Approved"), "approved", yes_no),
    ],
    ordering=["valid_until"],
    select_related=["risk", "risk__entity", "decision"],
    detail_fields=[
        "risk",
        "accepted_by",
        "authority",
        "accepted_rating",
        "valid_from",
        "valid_until",
        "state_label",
        "reason",
        "approved",
        "last_reviewed",
        "review_due",
        "decision",
        "owner",
    ],
    description=_(
        "Who accepted which residual risk, at what level, until when and why, under "
        "which decision (RTS 2024/1774 Art. 3(d)). An expired acceptance puts the risk back into "
        "treatment."
    ),
)

REGISTERS = [ict_assets, risks, acceptances]
