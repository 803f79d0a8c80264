"""Forms of the authorisation area."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from midora.authorisation.choices import DocumentKind
from midora.authorisation.models import (
    Dossier,
    DossierItem,
    InformationRequest,
    ItemComment,
    ItemEvidence,
    Person,
    PersonDocument,
)
from midora.authorisation.models.people import PERSONAL_FIELDS
from midora.compliance.models import Evidence
from midora.core import permissions
from midora.core.forms import ScopedLinksForm

DATE = forms.DateInput(attrs={"type": "date"})


def entity_users(entity_id: int | None) -> Any:
    """Users who may work on the entity's records (granted it, or administrators)."""
    users = get_user_model().objects.filter(is_active=True)
    if entity_id is None:
        return users.none()
    granted = (
        Q(is_superuser=True) | Q(profile__entities=entity_id) | Q(profile__role="administrator")
    )
    return users.filter(granted).distinct().order_by("username")


class DossierForm(ScopedLinksForm):
    class Meta:
        model = Dossier
        fields = [
            "entity",
            "title",
            "status",
            "received_on",
            "acknowledged_on",
            "complete_on",
            "decided_on",
            "notes",
        ]
        widgets = {f: DATE for f in ("received_on", "acknowledged_on", "complete_on", "decided_on")}


class AnswerForm(ScopedLinksForm):
    """The answer, its owner and reviewer; the status moves through the workflow buttons."""

    class Meta:
        model = DossierItem
        fields = ["answer", "owner", "reviewer"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 14, "class": "markdown"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = entity_users(self.instance.dossier.entity_id if self.instance.pk else None)
        for name in ("owner", "reviewer"):
            if name in self.fields:
                self.fields[name].queryset = people

    def save(self, commit: bool = True) -> Any:
        from midora.authorisation.choices import ItemStatus

        item = super().save(commit=False)
        if "answer" in self.changed_data and item.status == ItemStatus.NOT_STARTED and item.answer:
            item.status = ItemStatus.DRAFTED
        if commit:
            item.save()
        return item


class AttachForm(ScopedLinksForm):
    class Meta:
        model = ItemEvidence
        fields = ["evidence", "statement"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, item: DossierItem | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        if item is not None:
            self.fields["evidence"].queryset = permissions.scope(
                self.user, Evidence.objects.filter(entity_id=item.dossier.entity_id)
            ).order_by("title")
            self.fields["statement"].initial = _("Valid for MiCA item %(ref)s because ") % {
                "ref": item.requirement.ref
            }

    def save(self, commit: bool = True) -> Any:
        attachment = super().save(commit=False)
        attachment.item = self.item
        attachment.pinned_version = attachment.evidence.latest_version
        if commit:
            attachment.save()
        return attachment


class CommentForm(ScopedLinksForm):
    class Meta:
        model = ItemComment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class PersonForm(ScopedLinksForm):
    class Meta:
        model = Person
        fields = [
            "entity",
            "full_name",
            "role",
            "position",
            "appointed_on",
            "ended_on",
            "holding_percent",
            "fit_and_proper",
            "assessed_on",
            *PERSONAL_FIELDS,
            "owner",
        ]
        widgets = {f: DATE for f in ("appointed_on", "ended_on", "assessed_on", "date_of_birth")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from midora.authorisation.permissions import can_see_personal_data

        if not can_see_personal_data(self.user):
            for name in PERSONAL_FIELDS:
                self.fields.pop(name, None)


class PersonDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=DocumentKind.choices)
    file = forms.FileField(label=gettext_lazy("File"))
    issued_on = forms.DateField(label=gettext_lazy("Issued on"), required=False, widget=DATE)

    def save(self, person: Person, user: Any) -> PersonDocument:
        from midora.compliance.evidence_store import sanitise_filename, store_chunks

        upload = self.cleaned_data["file"]
        blob = store_chunks(upload.chunks())
        document = PersonDocument(
            person=person,
            kind=self.cleaned_data["kind"],
            original_name=sanitise_filename(upload.name, "document"),
            sha256=blob.sha256,
            size=blob.size,
            issued_on=self.cleaned_data["issued_on"],
            owner=user,
        )
        document.save()
        return document


class InformationRequestForm(ScopedLinksForm):
    class Meta:
        model = InformationRequest
        fields = [
            "dossier",
            "reference",
            "stage",
            "sent_on",
            "due_on",
            "question",
            "items",
            "answered_on",
            "response",
        ]
        widgets = {f: DATE for f in ("sent_on", "due_on", "answered_on")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = self.fields["items"]
        items.queryset = items.queryset.select_related("requirement")  # named by requirement

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        dossier = data.get("dossier")
        others = [str(i) for i in data.get("items") or () if dossier and i.dossier_id != dossier.pk]
        if others:
            self.add_error(
                "items",
                _("Not items of this dossier: %(items)s.") % {"items": ", ".join(others[:3])},
            )
        return data
