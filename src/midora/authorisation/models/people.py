"""People the authority assesses for fit and proper (MiCA Art. 62(2)(g)-(h), Art. 68)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from midora.authorisation.choices import DocumentKind, FitAndProper, PersonRole
from midora.core.models import TrackedModel

# Fields only roles that need them see (administrators and compliance managers).
PERSONAL_FIELDS = ("birth_name", "date_of_birth", "nationality", "address", "assessment_notes")


class Person(TrackedModel):
    """A member of the management body, key function holder or qualifying holder of an entity."""

    entity = models.ForeignKey("core.LegalEntity", on_delete=models.CASCADE, related_name="people")
    full_name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=PersonRole.choices)
    position = models.CharField(
        max_length=200, blank=True, help_text=_("E.g. chief executive, head of compliance.")
    )
    appointed_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    holding_percent = models.DecimalField(
        _("holding (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Capital or voting rights held (qualifying holders, MiCA Art. 62(2)(h))."),
    )
    fit_and_proper = models.CharField(
        _("fit-and-proper assessment"),
        max_length=20,
        choices=FitAndProper.choices,
        default=FitAndProper.NOT_ASSESSED,
    )
    assessed_on = models.DateField(_("assessment date"), null=True, blank=True)
    # personal data: shown to administrators and compliance managers only
    birth_name = models.CharField(max_length=200, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    nationality = models.CharField(max_length=60, blank=True)
    address = models.TextField(_("residence address"), blank=True)
    assessment_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["entity__name", "role", "full_name"]
        verbose_name = _("person (fit and proper)")
        verbose_name_plural = _("people (fit and proper)")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return reverse("authorisation:person_detail", args=[self.pk])

    @property
    def is_current(self) -> bool:
        from django.utils import timezone

        return self.ended_on is None or self.ended_on >= timezone.localdate()

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.ended_on and self.appointed_on and self.ended_on < self.appointed_on:
            raise ValidationError({"ended_on": _("The end date is before the appointment.")})
        if self.role == PersonRole.QUALIFYING_HOLDER and self.holding_percent is None:
            raise ValidationError(
                {"holding_percent": _("Give the holding of a qualifying holder.")}
            )
        if self.fit_and_proper != FitAndProper.NOT_ASSESSED and self.assessed_on is None:
            raise ValidationError(
                {"assessed_on": _("Give the date of the fit-and-proper assessment.")}
            )


class PersonDocument(TrackedModel):
    """A document about a person (CV, criminal record extract, declaration).

    The file is kept in the evidence store (content-addressed by SHA-256) but is not an evidence
    item: only roles that may see personal data list and download it.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.BigIntegerField(help_text=_("Bytes."))
    issued_on = models.DateField(null=True, blank=True)

    scope_path = "person__entity"

    class Meta:
        ordering = ["person", "kind"]

    def __str__(self) -> str:
        return gettext("%(kind)s of %(person)s") % {
            "kind": self.get_kind_display(),
            "person": self.person.full_name,
        }

    def get_absolute_url(self) -> str:
        return self.person.get_absolute_url()
