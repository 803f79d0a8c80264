"""Alerts (one per event, recipient and lead time; the in-app list), their deliveries by e-mail
and webhook with a log, each person's channel choice per event type, and webhook endpoints."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from midora.core.sentences import said

CHANNELS = (("email", _("E-mail")), ("in_app", _("In the app")), ("webhook", _("Webhook")))


class NotificationPreference(models.Model):
    """The channels a person wants for one event type (no row: the role's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    event = models.CharField(max_length=60)
    channels = models.JSONField(
        default=list, blank=True, help_text=_("Some of email, in_app, webhook.")
    )

    class Meta:
        ordering = ["user", "event"]
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="one_preference_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.event} by {', '.join(self.channels) or 'nothing'}"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """A URL that receives a person's alerts, signed with its own secret (SIEM, ticketing, chat)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    name = models.CharField(max_length=100)
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=100, default=new_secret, editable=False)
    events = models.JSONField(
        default=list, blank=True, help_text=_("Event types sent here; empty sends every type.")
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["owner", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"

    def get_absolute_url(self) -> str:
        return reverse("notifications:endpoint_detail", args=[self.pk])

    def accepts(self, event: str) -> bool:
        return self.active and (not self.events or event in self.events)


class Alert(models.Model):
    """One alert to one person for one due item at one lead time; also the in-app notification."""

    key = models.CharField(
        max_length=200, help_text=_("The due item, e.g. incidents.incident:12:initial.")
    )
    lead = models.CharField(
        max_length=20, help_text=_("now, overdue, or the lead time reached (4h).")
    )
    event = models.CharField(max_length=60)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    title = models.CharField(max_length=300)  # English, as e-mails, webhooks and the API give it
    title_sentence = models.JSONField(
        null=True, blank=True, editable=False
    )  # the title's template and values (Sentence.as_json), said in the reader's language
    url = models.CharField(max_length=500)
    entity = models.ForeignKey(
        "core.LegalEntity", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    due_at = models.DateTimeField(null=True, blank=True)
    in_app = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "lead", "recipient"], name="one_alert_per_item_lead_recipient"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def said_title(self) -> str:
        """The title in the active language; the stored English for an alert kept without it."""
        return said(self.title_sentence, self.title)


class Delivery(models.Model):
    """One sending of an alert by e-mail or to a webhook endpoint, with its attempts (the log)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        RETRYING = "retrying", _("Retrying")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=CHANNELS[::2])
    endpoint = models.ForeignKey(
        WebhookEndpoint, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "channel", "endpoint"],
                name="one_delivery_per_alert_channel_endpoint",
            ),
            models.UniqueConstraint(
                fields=["alert", "channel"],
                condition=models.Q(endpoint__isnull=True),
                name="one_email_per_alert",
            ),
        ]

    def __str__(self) -> str:
        target = self.endpoint.name if self.endpoint_id else self.alert.recipient
        return f"{self.get_channel_display()} to {target}: {self.get_status_display()}"
