"""Base form of every tracked record, and the core records' forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from midora.core import audit, permissions
from midora.core.choices import CryptoService, Role
from midora.core.codelists import member_state_choices
from midora.core.models import (
    AuthorityHoliday,
    AuthorityProfile,
    BusinessFunction,
    LegalEntity,
    ServiceOffering,
)
from midora.core.widgets import (
    IsoDateInput,
    browser_safe_widgets,
    normalise_line_breaks,
    searchable_selects,
)

OWNER_ASSIGNERS = {Role.ADMINISTRATOR, Role.COMPLIANCE_MANAGER}


def label_declared_fields(form: forms.ModelForm) -> None:
    """A field the form declares itself (a multi-select over a JSON list ...) takes the model
    field's translatable name as its label, as Django does for the fields it makes."""
    model = form._meta.model
    for name, field in form.fields.items():
        if field.label is not None or name not in form.declared_fields:
            continue
        try:
            field.label = capfirst(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue


class TrackedModelForm(forms.ModelForm):
    """Carries the record's version (so a stale save is refused) and keeps the user in scope.

    Every ModelChoiceField onto LegalEntity lists only the user's entities; a contributor who
    creates a record becomes its owner.

    The form round-trips: dates and times are served as the browser's inputs hold them, a
    textarea's CRLF line breaks come back as they were served, and on an edit only the fields the
    user changed are written to the record (`changed_data`: lists compared as sets, JSON by
    value), so a form submitted unchanged changes nothing.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        browser_safe_widgets(self)
        searchable_selects(self)
        normalise_line_breaks(self)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self._hidden_links: dict[str, list[Any]] = {}
        label_declared_fields(self)
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is LegalEntity:
                self.scope_choices(name, permissions.scope(user, LegalEntity.objects.all()))
        if "owner" in self.fields and permissions.role_of(user) not in OWNER_ASSIGNERS:
            self.fields.pop("owner")

    def scope_choices(self, name: str, scoped: Any) -> None:
        """Offer only `scoped` records in a link field, without losing what the record links to
        outside it: a single link keeps its current value selectable (the form round-trips), a
        multiple link shows the visible ones and the save keeps the others linked."""
        field = self.fields[name]
        base = field.queryset
        field.queryset = scoped
        if not self.instance.pk:
            return
        try:
            model_field = self.instance._meta.get_field(name)
        except FieldDoesNotExist:
            return
        if isinstance(field, forms.ModelMultipleChoiceField):
            if not model_field.many_to_many:
                return
            linked = list(getattr(self.instance, name).values_list("pk", flat=True))
            visible = set(scoped.filter(pk__in=linked).values_list("pk", flat=True))
            self._hidden_links[name] = [pk for pk in linked if pk not in visible]
            self.initial[name] = [pk for pk in linked if pk in visible]
        elif model_field.many_to_one:
            current = getattr(self.instance, model_field.attname)
            if current is not None and not scoped.filter(pk=current).exists():
                field.queryset = base.filter(Q(pk__in=scoped.values("pk")) | Q(pk=current))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk and data.get("version") is None:
            raise ValidationError(
                _("The form lost the record's version; reload the page and try again.")
            )
        return data

    def _post_clean(self) -> None:
        """Write only the changed fields to an existing record; unchanged ones keep their value."""
        if self.instance.pk is None or not hasattr(self, "cleaned_data"):
            return super()._post_clean()
        unchanged = {
            name: self.cleaned_data.pop(name)
            for name in list(self.cleaned_data)
            if name in self.fields and name != "version" and name not in self.changed_data
        }
        try:
            super()._post_clean()
        finally:
            self.cleaned_data.update(unchanged)

    def save(self, commit: bool = True) -> Any:
        obj = super().save(commit=False)
        if obj.pk and self.cleaned_data.get("version") is not None:
            obj.version = self.cleaned_data["version"]
        if not obj.pk and getattr(obj, "owner_id", None) is None and self.user is not None:
            obj.owner = self.user
        if commit:
            with transaction.atomic(), audit.one_event_per_record():
                obj.save()
                self.save_m2m()
        return obj

    def _save_m2m(self) -> None:
        """Links saved as submitted, plus the entities the user may not see."""
        for name, hidden in self._hidden_links.items():
            if name in self.cleaned_data and hidden:
                self.cleaned_data[name] = [*self.cleaned_data[name], *hidden]
        super()._save_m2m()


class MultipleChoiceJSONField(forms.MultipleChoiceField):
    """A list of codes kept in a JSONField, picked from a closed list."""

    widget = forms.CheckboxSelectMultiple


class LegalEntityForm(TrackedModelForm):
    class Meta:
        model = LegalEntity
        fields = [
            "name",
            "lei",
            "country",
            "entity_type",
            "authority",
            "parent",
            "mica_status",
            "dora_in_scope",
            "is_microenterprise",
            "tlpt_designated",
            "time_zone",
            "owner",
        ]

    def clean_lei(self) -> str:
        return (self.cleaned_data.get("lei") or "").strip().upper()


class ServiceOfferingForm(TrackedModelForm):
    member_states = MultipleChoiceJSONField(choices=member_state_choices, required=False)

    class Meta:
        model = ServiceOffering
        fields = ["entity", "service", "member_states", "status", "notes", "owner"]


class BusinessFunctionForm(TrackedModelForm):
    crypto_services = MultipleChoiceJSONField(choices=CryptoService.choices, required=False)

    class Meta:
        model = BusinessFunction
        fields = [
            "entity",
            "identifier",
            "name",
            "criticality",
            "criticality_rationale",
            "rto_hours",
            "rpo_hours",
            "crypto_services",
            "last_assessed",
            "owner",
        ]
        widgets = {"last_assessed": IsoDateInput}


class AuthorityProfileForm(TrackedModelForm):
    languages = forms.JSONField(
        help_text=_('ISO 639-1 codes as a JSON list, preferred first, e.g. ["de", "en"].')
    )
    sources = forms.JSONField(required=False, help_text=_("Source URLs as a JSON list."))

    class Meta:
        model = AuthorityProfile
        fields = [
            "code",
            "short_name",
            "name",
            "country",
            "languages",
            "reporting_currency",
            "website",
            "submission_channel",
            "sources",
            "unconfirmed",
        ]

    def clean_sources(self) -> list:
        return self.cleaned_data.get("sources") or []


class AuthorityHolidayForm(TrackedModelForm):
    class Meta:
        model = AuthorityHoliday
        fields = ["authority", "day", "kind", "name"]
        widgets = {"day": IsoDateInput}


class ScopedLinksForm(TrackedModelForm):
    """Every link to a scoped record (asset, function, provider, control ...) lists only the
    records of the user's entities."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                model = field.queryset.model
                if model is not LegalEntity and hasattr(model, "scope_path"):
                    self.scope_choices(name, permissions.scope(self.user, field.queryset))

    def same_entity(self, data: dict[str, Any], *names: str) -> None:
        """Refuse links to records of another entity than the record's own."""
        entity = data.get("entity")
        if entity is None:
            return
        for name in names:
            others = [str(o) for o in data.get(name) or () if o.entity_id != entity.pk]
            if others:
                self.add_error(
                    name,
                    _("Not records of %(entity)s: %(records)s.")
                    % {"entity": entity, "records": ", ".join(others[:5])},
                )
