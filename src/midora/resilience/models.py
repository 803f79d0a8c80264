"""The yearly testing programme, its tests and exercises, and their findings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from midora.core.models import TrackedModel
from midora.resilience.choices import (
    REMEDIATION_DAYS,
    Outcome,
    Severity,
    Tester,
    TestStatus,
    TestType,
)


class TestingProgramme(TrackedModel):
    """The digital operational resilience testing programme of one year (DORA Art. 24(1))."""

    __test__ = False

    entity = models.ForeignKey(
        "core.LegalEntity", on_delete=models.CASCADE, related_name="testing_programmes"
    )
    year = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    approved_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-year", "entity__name"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "year"], name="one_programme_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("resilience:testingprogramme_detail", args=[self.pk])


class ResilienceTest(TrackedModel):
    """One test or exercise of the programme (DORA Art. 24-26; Art. 11(6))."""

    __test__ = False

    entity = models.ForeignKey(
        "core.LegalEntity", on_delete=models.CASCADE, related_name="resilience_tests"
    )
    programme = models.ForeignKey(
        TestingProgramme, null=True, blank=True, on_delete=models.SET_NULL, related_name="tests"
    )
    title = models.CharField(max_length=200)
    test_type = models.CharField(max_length=30, choices=TestType.choices)
    status = models.CharField(max_length=10, choices=TestStatus.choices, default=TestStatus.PLANNED)
    planned_date = models.DateField()
    performed_date = models.DateField(null=True, blank=True)
    assets = models.ManyToManyField("ictrisk.ICTAsset", blank=True, related_name="tests")
    functions = models.ManyToManyField(
        "core.BusinessFunction", blank=True, related_name="resilience_tests"
    )
    providers = models.ManyToManyField(
        "suppliers.ICTProvider", blank=True, related_name="resilience_tests"
    )
    tester = models.CharField(max_length=10, choices=Tester.choices, default=Tester.INTERNAL)
    tester_name = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    results = models.TextField(blank=True)
    evidence_reference = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-planned_date", "pk"]
        verbose_name = _("resilience test")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resilience:resiliencetest_detail", args=[self.pk])

    @property
    def on(self) -> dt.date:
        """The date that counts: performed when done, planned otherwise."""
        return self.performed_date or self.planned_date

    def clean(self) -> None:
        errors = {}
        if self.status == TestStatus.DONE and not self.performed_date:
            errors["performed_date"] = _("A done test needs the date it was performed.")
        if self.status == TestStatus.DONE and not self.outcome:
            errors["outcome"] = _("Record the outcome of a done test.")
        if self.test_type == TestType.TLPT and self.entity_id and not self.entity.tlpt_designated:
            errors["test_type"] = _(
                "TLPT applies only to an entity designated by its authority (DORA Art. 26(8))."
            )
        if self.programme_id and self.entity_id and self.programme.entity_id != self.entity_id:
            errors["programme"] = _("The programme belongs to another entity.")
        if errors:
            raise ValidationError(errors)


class Finding(TrackedModel):
    """A finding of a test; each one opens a remediation action (DORA Art. 24(5))."""

    test = models.ForeignKey(ResilienceTest, on_delete=models.CASCADE, related_name="findings")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    action = models.ForeignKey(
        "governance.Action",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
        help_text=_("The remediation action it opened."),
    )

    scope_path = "test__entity"

    class Meta:
        ordering = ["test", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resilience:finding_detail", args=[self.pk])

    def save(self, *args: Any, **kwargs: Any) -> None:
        with transaction.atomic():
            super().save(*args, **kwargs)
            if self.action_id is None:
                self.action = remediation_action(self)
                self.action.save()
                type(self).objects.filter(pk=self.pk).update(action=self.action)

    @property
    def action_status(self) -> str:
        return self.action.get_status_display() if self.action_id else "—"


def remediation_action(finding: Finding) -> Any:
    """The (unsaved) remediation action a finding opens: due in line with its severity."""
    from midora.governance.models import Action

    test = finding.test
    start = test.performed_date or test.planned_date
    return Action(
        entity_id=test.entity_id,
        title=f"Remediate: {finding.title}"[:200],
        description=finding.description,
        due_date=start + dt.timedelta(days=REMEDIATION_DAYS.get(finding.severity, 120)),
        priority=finding.severity,
        source_type="resilience.finding",
        source_id=str(finding.pk),
        owner_id=finding.owner_id,
    )
