"""Information and ICT assets, the ICT risk register and risk acceptances."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from midora.core.choices import CryptoService
from midora.core.models import TrackedModel
from midora.ictrisk.choices import AcceptanceAuthority, AssetType, ProtectionNeed, Treatment
from midora.ictrisk.engine import acceptance as acceptance_engine
from midora.ictrisk.engine.matrix import RiskScore, RiskWarning
from midora.ictrisk.matrix_config import active_matrix


def _unknown_services(values: list[str] | None) -> list[str]:
    return sorted(set(values or []) - set(CryptoService.values))


class ICTAssetQuerySet(models.QuerySet):
    """Lets the assets fetched together learn together whether they support a critical or
    important function: the first asset asked computes it for all of them (a few queries for a
    whole list, none when nobody asks, as for the assets a list of risks prefetches)."""

    def _fetch_all(self) -> None:
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._result_cache and isinstance(self._result_cache[0], ICTAsset):
            batch = self._result_cache
            for asset in batch:
                asset.__dict__["_critical_batch"] = batch


class ICTAsset(TrackedModel):
    """An information or ICT asset (DORA Art. 8(1); RTS 2024/1774 Art. 4)."""

    entity = models.ForeignKey(
        "core.LegalEntity", on_delete=models.CASCADE, related_name="ict_assets"
    )
    name = models.CharField(max_length=200)
    asset_type = models.CharField(max_length=40, blank=True, choices=AssetType.choices)
    description = models.TextField(blank=True)
    confidentiality = models.PositiveSmallIntegerField(
        choices=ProtectionNeed.choices, default=ProtectionNeed.MEDIUM
    )
    integrity = models.PositiveSmallIntegerField(
        choices=ProtectionNeed.choices, default=ProtectionNeed.MEDIUM
    )
    availability = models.PositiveSmallIntegerField(
        choices=ProtectionNeed.choices, default=ProtectionNeed.MEDIUM
    )
    functions = models.ManyToManyField(
        "core.BusinessFunction",
        blank=True,
        related_name="ict_assets",
        verbose_name=_("business functions supported"),
    )
    crypto_services = models.JSONField(
        default=list, blank=True, help_text=_("Crypto-asset services this asset supports.")
    )
    providers = models.ManyToManyField(
        "suppliers.ICTProvider",
        blank=True,
        related_name="ict_assets",
        verbose_name=_("ICT third-party providers behind it"),
    )
    arrangements = models.ManyToManyField(
        "suppliers.ContractualArrangement",
        blank=True,
        related_name="ict_assets",
        verbose_name=_("contractual arrangements behind it"),
    )
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="dependants",
        help_text=_("Assets this one needs in order to work."),
    )
    location = models.CharField(max_length=200, blank=True)

    objects = ICTAssetQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("ICT asset")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ictrisk:ictasset_detail", args=[self.pk])

    def clean(self) -> None:
        unknown = _unknown_services(self.crypto_services)
        if unknown:
            raise ValidationError(
                {
                    "crypto_services": gettext("Unknown crypto-asset services: %(services)s.")
                    % {"services": ", ".join(unknown)}
                }
            )

    @property
    def supports_critical_functions(self) -> bool:
        """Computed from the function links and dependencies, never typed in."""
        if "_critical_path" not in self.__dict__:
            from midora.ictrisk.services import mark_critical_support

            batch = self.__dict__.pop("_critical_batch", None) or [self]
            mark_critical_support([a for a in batch if "_critical_path" not in a.__dict__])
            self.__dict__.setdefault("_critical_path", None)
        return self.__dict__["_critical_path"] is not None

    @property
    def critical_path(self) -> tuple[ICTAsset, ...] | None:
        self.supports_critical_functions  # noqa: B018 - fills the cache
        return self.__dict__["_critical_path"]

    def cia_text(self) -> str:
        return "/".join(str(v) for v in (self.confidentiality, self.integrity, self.availability))


def today() -> dt.date:
    return timezone.localdate()


ATTACH_CHUNK = 2000


def attach_acceptances(risks: list[Risk]) -> None:
    """Load the acceptances of many risks in a few queries (chunked: registers hold 50,000)."""
    for start in range(0, len(risks), ATTACH_CHUNK):
        chunk = risks[start : start + ATTACH_CHUNK]
        found: dict[int, list[RiskAcceptance]] = {r.pk: [] for r in chunk}
        for item in RiskAcceptance.objects.filter(risk_id__in=list(found)):
            found[item.risk_id].append(item)
        for risk in chunk:
            risk.__dict__["_acceptances"] = found[risk.pk]


class RiskQuerySet(models.QuerySet):
    """Attaches each fetched risk's acceptances in bulk, also when iterated in chunks."""

    def _fetch_all(self) -> None:
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._result_cache and isinstance(self._result_cache[0], Risk):
            attach_acceptances(self._result_cache)

    def iterator(self, chunk_size: int | None = None) -> Iterator[Any]:
        batch: list[Risk] = []
        for obj in super().iterator(chunk_size=chunk_size or ATTACH_CHUNK):
            if not isinstance(obj, Risk):
                yield obj
                continue
            batch.append(obj)
            if len(batch) >= ATTACH_CHUNK:
                attach_acceptances(batch)
                yield from batch
                batch = []
        attach_acceptances(batch)
        yield from batch


class Risk(TrackedModel):
    """An ICT risk scenario with its inherent and residual rating (DORA Art. 6(8); RTS 2024/1774 Art. 3)."""

    entity = models.ForeignKey(
        "core.LegalEntity", on_delete=models.CASCADE, related_name="ict_risks"
    )
    reference = models.CharField(
        max_length=30, help_text=_("Unique within the entity, e.g. R-0042.")
    )
    title = models.CharField(max_length=200)
    threat = models.TextField(help_text=_("What could happen, and from whom or what."))
    vulnerability = models.TextField(
        blank=True, help_text=_("The weakness the threat would exploit.")
    )
    consequence = models.TextField(
        blank=True, help_text=_("The effect on clients, functions, funds.")
    )
    assets = models.ManyToManyField(ICTAsset, blank=True, related_name="risks")
    functions = models.ManyToManyField(
        "core.BusinessFunction", blank=True, related_name="ict_risks"
    )
    crypto_services = models.JSONField(default=list, blank=True)
    providers = models.ManyToManyField(
        "suppliers.ICTProvider", blank=True, related_name="ict_risks"
    )
    controls = models.ManyToManyField(
        "compliance.Control",
        blank=True,
        related_name="ict_risks",
        help_text=_("The controls that bring the inherent rating down to the residual one."),
    )
    inherent_likelihood = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    inherent_impact = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    residual_likelihood = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    residual_impact = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    treatment = models.CharField(
        max_length=10, choices=Treatment.choices, default=Treatment.MITIGATE
    )
    treatment_plan = models.TextField(blank=True)
    next_review = models.DateField(_("next review date"), null=True, blank=True)
    last_reviewed = models.DateField(null=True, blank=True)

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["entity__name", "reference"]
        verbose_name = _("ICT risk")
        constraints = [
            models.UniqueConstraint(fields=["entity", "reference"], name="risk_reference_unique")
        ]
        indexes = [
            models.Index(fields=["inherent_likelihood", "inherent_impact"]),
            models.Index(fields=["residual_likelihood", "residual_impact"]),
            models.Index(fields=["next_review"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("ictrisk:risk_detail", args=[self.pk])

    def clean(self) -> None:
        matrix = active_matrix()
        errors: dict[str, str] = {}
        for name, levels in (
            ("inherent_likelihood", matrix.likelihood),
            ("inherent_impact", matrix.impact),
            ("residual_likelihood", matrix.likelihood),
            ("residual_impact", matrix.impact),
        ):
            value = getattr(self, name)
            if value is not None and not 1 <= value <= len(levels):
                errors[name] = gettext("Must be a level of the risk matrix, 1 to %(top)d.") % {
                    "top": len(levels)
                }
        unknown = _unknown_services(self.crypto_services)
        if unknown:
            errors["crypto_services"] = gettext("Unknown crypto-asset services: %(services)s.") % {
                "services": ", ".join(unknown)
            }
        if errors:
            raise ValidationError(errors)

    # --- ratings through the configured matrix ---------------------------------------------

    def _score(self, likelihood: int, impact: int) -> RiskScore | None:
        try:
            return active_matrix().score(likelihood, impact)
        except ValueError:
            return None  # a level outside a matrix that has since been reconfigured

    @property
    def inherent(self) -> RiskScore | None:
        return self._score(self.inherent_likelihood, self.inherent_impact)

    @property
    def residual(self) -> RiskScore | None:
        return self._score(self.residual_likelihood, self.residual_impact)

    @property
    def warnings(self) -> list[RiskWarning]:
        try:
            return active_matrix().residual_check(
                (self.inherent_likelihood, self.inherent_impact),
                (self.residual_likelihood, self.residual_impact),
                gettext,
            )
        except ValueError as exc:
            return [RiskWarning("outside_matrix", str(exc))]

    @property
    def residual_above_inherent(self) -> bool:
        return any(w.code.startswith("residual_") and "inherent" in w.code for w in self.warnings)

    @property
    def review_overdue(self) -> bool:
        return self.next_review is not None and self.next_review < today()

    def effective(self, on: dt.date | None = None) -> acceptance_engine.EffectiveTreatment:
        """The treatment in force: an accepted risk whose acceptance expired is back in treatment."""
        loaded = self.__dict__.get("_acceptances")
        items = loaded if loaded is not None else self.acceptances.all()
        acceptances = [a.as_engine() for a in items]
        return acceptance_engine.effective_treatment(
            self.treatment, acceptances, on or today(), _=gettext
        )

    def rating_text(self, which: str) -> str:
        score = getattr(self, which)
        if score is None:
            return gettext("outside the matrix")
        return f"{score.score} {gettext(score.band.name)}"

    @property
    def inherent_text(self) -> str:
        return self.rating_text("inherent")

    @property
    def residual_text(self) -> str:
        return self.rating_text("residual")

    def flags(self) -> list[str]:
        flags = []
        if self.review_overdue:
            flags.append("review overdue")
        if self.residual_above_inherent:
            flags.append("residual above inherent")
        effective = self.effective()
        if effective.back_in_treatment:
            flags.append("acceptance expired")
        elif effective.state is acceptance_engine.AcceptanceState.EXPIRING_SOON:
            flags.append("acceptance expiring")
        return flags


class RiskAcceptance(TrackedModel):
    """Acceptance of a residual ICT risk (RTS 2024/1774 Art. 3(d))."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="acceptances")
    accepted_by = models.CharField(max_length=200, help_text=_("Who accepted it (name and role)."))
    authority = models.CharField(
        _("level"),
        max_length=30,
        choices=AcceptanceAuthority.choices,
        default=AcceptanceAuthority.MANAGEMENT_BODY,
        help_text=_("The level of the organisation that accepted the risk."),
    )
    accepted_rating = models.CharField(
        max_length=60,
        blank=True,
        help_text=_("Residual rating accepted (filled in when left empty)."),
    )
    valid_from = models.DateField()
    valid_until = models.DateField()
    reason = models.TextField(_("why"))
    approved = models.BooleanField(default=True)
    last_reviewed = models.DateField(null=True, blank=True)
    decision = models.ForeignKey(
        "governance.Decision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="acceptances",
        help_text=_("The decision of the management body behind the acceptance."),
    )

    scope_path = "risk__entity"

    class Meta:
        ordering = ["-valid_until", "pk"]
        verbose_name = _("risk acceptance")

    def __str__(self) -> str:
        return gettext("Acceptance of %(risk)s until %(until)s") % {
            "risk": self.risk.reference,
            "until": self.valid_until.isoformat(),
        }

    def get_absolute_url(self) -> str:
        return reverse("ictrisk:riskacceptance_detail", args=[self.pk])

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("Must be on or after the start date.")})
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("Say why the risk is accepted.")})
        if self.decision_id and self.risk_id and self.decision.entity_id != self.risk.entity_id:
            raise ValidationError({"decision": _("The decision must be one of the risk's entity.")})

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.accepted_rating and self.risk_id:
            self.accepted_rating = self.risk.rating_text("residual")
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding and self.approved and self.risk.treatment != Treatment.ACCEPT:
            risk = Risk.objects.get(pk=self.risk_id)
            risk.treatment = Treatment.ACCEPT
            risk.save()

    def as_engine(self) -> acceptance_engine.RiskAcceptance:
        return acceptance_engine.RiskAcceptance(
            risk_id=str(self.risk_id),
            accepted_by=self.accepted_by,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            reason=self.reason or "-",
            approved=self.approved,
            last_reviewed=self.last_reviewed,
        )

    def state(self, on: dt.date | None = None) -> acceptance_engine.AcceptanceState:
        return acceptance_engine.acceptance_state(self.as_engine(), on or today())

    @property
    def state_label(self) -> str:
        labels = {
            "in_force": gettext("in force"),
            "expiring_soon": gettext("expiring soon"),
            "expired": gettext("expired"),
            "not_yet_in_force": gettext("not yet in force"),
        }
        value = self.state().value
        return labels.get(value, value.replace("_", " "))

    @property
    def review_due(self) -> bool:
        return acceptance_engine.review_due(self.as_engine(), today())
