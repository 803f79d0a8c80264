"""A long job run by a worker (board pack, RoI export or import ...) and its progress, and the
last run of each periodic check (so that several workers run a check once per interval)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One long piece of work asked for by a person; the page polls its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=60, help_text="What runs, e.g. boardpack.generate.")
    label = models.CharField(max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    stage = models.CharField(max_length=200, blank=True, help_text="What it is doing now.")
    stage_sentence = models.JSONField(
        null=True,
        blank=True,
        help_text="The stage's sentence (midora.core.engine.sentences), said on the job page.",
    )
    result_url = models.CharField(max_length=500, blank=True)
    result_label = models.CharField(max_length=200, blank=True)
    result_label_sentence = models.JSONField(
        null=True,
        blank=True,
        help_text="The result link's sentence (midora.core.engine.sentences), said on the pages.",
    )
    error = models.TextField(blank=True)
    error_sentence = models.JSONField(
        null=True,
        blank=True,
        help_text="The refusal's sentence (midora.core.engine.sentences), said on the job page.",
    )
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def said_error(self) -> str:
        """Why the job failed, in the reader's language when it was refused with a sentence."""
        from midora.core.sentences import said

        return said(self.error_sentence, self.error)

    @property
    def said_stage(self) -> str:
        """What the job is doing now, in the reader's language when reported as a sentence."""
        from midora.core.sentences import said

        return said(self.stage_sentence, self.stage)

    @property
    def said_result_label(self) -> str:
        """The result link's text, in the reader's language when it was made as a sentence."""
        from midora.core.sentences import said

        return said(self.result_label_sentence, self.result_label)

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class PeriodicRun(models.Model):
    """When a periodic check last started; a worker claims a run by moving this forward."""

    name = models.CharField(max_length=100, unique=True)
    last_started_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.last_started_at:%Y-%m-%d %H:%M}"
