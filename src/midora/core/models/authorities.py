"""Competent authorities: who supervises an entity, in which languages and currency, on which days."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from midora.core.choices import AuthorityHolidayKind
from midora.core.codelists import country_choices
from midora.core.engine.calendars import AuthorityCalendar
from midora.core.models.base import TrackedModel
from midora.core.validators import validate_country


def validate_currency(value: str) -> None:
    import pycountry

    if pycountry.currencies.get(alpha_3=value or "") is None:
        raise ValidationError(
            _("%(value)s is not an ISO 4217 currency code (e.g. EUR, CHF)."),
            params={"value": repr(value)},
        )


def validate_languages(value: list) -> None:
    import pycountry

    bad = [v for v in value or [] if pycountry.languages.get(alpha_2=str(v)) is None]
    if bad:
        raise ValidationError(
            _("Not ISO 639-1 language codes (e.g. de, en): %(codes)s."),
            params={"codes": ", ".join(bad)},
        )


class AuthorityProfile(TrackedModel):
    """A national competent authority (MiCA Art. 93, DORA Art. 46) and how to deal with it.

    Reference data shared by every user: the shipped profiles are loaded from
    `midora/data/authorities.yaml`; administrators may add or adjust profiles.
    """

    code = models.CharField(
        max_length=20, unique=True, help_text=_("Stable code, country first (e.g. LI-FMA).")
    )
    short_name = models.CharField(max_length=40, help_text=_("How the authority calls itself."))
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=2, choices=country_choices, validators=[validate_country])
    languages = models.JSONField(
        default=list,
        validators=[validate_languages],
        help_text=_(
            "Languages the authority accepts for an application (ISO 639-1), first preferred."
        ),
    )
    reporting_currency = models.CharField(
        max_length=3,
        default="EUR",
        validators=[validate_currency],
        help_text=_(
            "ISO 4217 currency of amounts in reports (e.g. the incident report's reportCurrency)."
        ),
    )
    submission_channel = models.TextField(
        blank=True, help_text=_("How applications and reports reach the authority.")
    )
    website = models.URLField(max_length=300, blank=True)
    sources = models.JSONField(
        default=list, blank=True, help_text=_("Where the profile comes from.")
    )
    unconfirmed = models.TextField(blank=True, help_text=_("What in this profile is not verified."))

    scope_path = ""  # reference data: every reader sees it

    class Meta:
        ordering = ["country", "code"]
        verbose_name = _("authority profile")

    def __str__(self) -> str:
        return f"{self.short_name} ({self.country})"

    def get_absolute_url(self) -> str:
        return reverse("core:authorityprofile_detail", args=[self.pk])

    def calendar(self) -> AuthorityCalendar:
        """Public and bank holidays of the country, with this authority's overrides."""
        rows = list(self.holiday_overrides.all())
        return AuthorityCalendar.of(
            self.country,
            added=[r.day for r in rows if r.kind == AuthorityHoliday.Kind.CLOSED],
            removed=[r.day for r in rows if r.kind == AuthorityHoliday.Kind.OPEN],
        )


class AuthorityHoliday(TrackedModel):
    """A day on which the authority departs from its country's calendar."""

    Kind = AuthorityHolidayKind

    authority = models.ForeignKey(
        AuthorityProfile, on_delete=models.CASCADE, related_name="holiday_overrides"
    )
    day = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CLOSED)
    name = models.CharField(max_length=100, blank=True)

    scope_path = ""

    class Meta:
        ordering = ["authority__code", "day"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "day"], name="one_authority_day")
        ]

    def __str__(self) -> str:
        return f"{self.authority.code} {self.day} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("core:authorityholiday_detail", args=[self.pk])
