"""A person's channel choice per event type, and their webhook endpoints."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from midora.core.due_registry import EventType
from midora.notifications.models import CHANNELS, WebhookEndpoint


class PreferencesForm(forms.Form):
    """One set of channel boxes per event type; saving writes only what changed."""

    def __init__(
        self,
        events: dict[str, EventType],
        current: dict[str, frozenset[str]],
        *args: Any,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.events = events
        for key, event in events.items():
            self.fields[key] = forms.MultipleChoiceField(
                label=event.label,
                choices=CHANNELS,
                required=False,
                initial=sorted(current.get(key, frozenset())),
                widget=forms.CheckboxSelectMultiple,
            )


class LanguageForm(forms.Form):
    """The language of the person's e-mails (also their pages from the next sign-in on)."""

    language = forms.ChoiceField(
        label=_("Language of my e-mails"),
        required=False,
        help_text=_(
            "Also the language of your pages, in this browser now and in any other from your "
            "next sign-in."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            ("", _("The installation's default")),
            *settings.LANGUAGES,
        ]


class EndpointForm(forms.ModelForm):
    url = forms.URLField(max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only these event types are sent here; none ticked sends every type."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events", "active"]

    def __init__(self, *args: Any, events: dict[str, EventType], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = [(k, e.label) for k, e in events.items()]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if not url.startswith(("https://", "http://")):
            raise forms.ValidationError(_("A webhook URL starts with https:// (or http://)."))
        return url
