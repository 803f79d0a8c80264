"""Requests of the competent authority on an application (MiCA Art. 63(2), (12))."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from midora.authorisation.choices import RequestStage
from midora.core.models import TrackedModel


class InformationRequest(TrackedModel):
    """A request for missing or additional information, the items it concerns and the answer."""

    dossier = models.ForeignKey(
        "authorisation.Dossier", on_delete=models.CASCADE, related_name="requests"
    )
    reference = models.CharField(max_length=60, help_text=_("The authority's reference."))
    stage = models.CharField(
        max_length=20, choices=RequestStage.choices, default=RequestStage.ASSESSMENT
    )
    sent_on = models.DateField(_("received from the authority on"))
    due_on = models.DateField(_("answer due on"), null=True, blank=True)
    question = models.TextField()
    items = models.ManyToManyField("authorisation.DossierItem", blank=True, related_name="requests")
    answered_on = models.DateField(null=True, blank=True)
    response = models.TextField(blank=True, help_text=_("Markdown."))

    scope_path = "dossier__entity"

    class Meta:
        ordering = ["dossier", "sent_on", "pk"]
        verbose_name = _("request for information")
        verbose_name_plural = _("requests for information")

    def __str__(self) -> str:
        return f"{self.reference} ({self.sent_on})"

    def get_absolute_url(self) -> str:
        return reverse("authorisation:informationrequest_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.answered_on is None

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.due_on and self.due_on < self.sent_on:
            raise ValidationError(
                {"due_on": _("The answer cannot be due before the request was sent.")}
            )
        if self.answered_on and self.answered_on < self.sent_on:
            raise ValidationError({"answered_on": _("The answer cannot precede the request.")})
