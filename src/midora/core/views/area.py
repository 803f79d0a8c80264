"""Register pages of an area: the generic views with the area's
sub-navigation, and forms whose links only offer records within the user's entities."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse

from midora.core import permissions
from midora.core.forms import TrackedModelForm
from midora.core.models import LegalEntity
from midora.core.register_framework import Register
from midora.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    RegisterView,
    register_urls,
)


class ScopedLinksForm(TrackedModelForm):
    """Every link to a scoped record (asset, function, provider, control ...) lists only the
    records of the user's entities."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                model = field.queryset.model
                if model is not LegalEntity and hasattr(model, "scope_path"):
                    field.queryset = permissions.scope(self.user, field.queryset)

    def same_entity(self, data: dict[str, Any], *names: str) -> None:
        """Refuse links to records of another entity than the record's own."""
        entity = data.get("entity")
        if entity is None:
            return
        for name in names:
            others = [str(o) for o in data.get(name) or () if o.entity_id != entity.pk]
            if others:
                self.add_error(name, f"Not records of {entity}: {', '.join(others[:5])}.")


class AreaMixin:
    """Adds the area's sub-navigation (``<app>/area_nav.html``) to the generic register pages."""

    def context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        data = super().context(request, **extra)  # type: ignore[misc]
        data["area_nav"] = f"{self.register.namespace}/area_nav.html"  # type: ignore[attr-defined]
        return data


class AreaListView(AreaMixin, ObjectListView):
    template_name = "areas/object_list.html"


class AreaDetailView(AreaMixin, ObjectDetailView):
    template_name = "areas/object_detail.html"


class AreaEditView(AreaMixin, ObjectEditView):
    """Add / edit page; on add, the query string pre-fills the form (``?risk=12``)."""

    template_name = "areas/object_edit.html"

    def form(self, request: HttpRequest, instance: Any, data: Any = None) -> Any:
        initial = None
        if instance is None and request.method == "GET":
            names = self.register.form_class.base_fields
            initial = {k: v for k, v in request.GET.items() if k in names}
        self.bound_form = self.register.form_class(
            data=data,
            files=request.FILES or None,
            instance=instance,
            user=request.user,
            initial=initial,
        )
        return self.bound_form

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        response = super().post(request, pk)
        for warning in getattr(getattr(self, "bound_form", None), "saved_warnings", ()):
            messages.warning(request, warning)
        return response


class AreaHistoryView(AreaMixin, ObjectHistoryView):
    template_name = "areas/object_history.html"


class AreaDeleteView(AreaMixin, ObjectDeleteView):
    template_name = "areas/object_confirm_delete.html"


def area_register_urls(register: Register, **views: type[RegisterView]) -> list:
    """register_urls with the area's views (any of them can be replaced by a subclass)."""
    return register_urls(
        register,
        list_view=views.get("list_view", AreaListView),
        detail_view=views.get("detail_view", AreaDetailView),
        edit_view=views.get("edit_view", AreaEditView),
        delete_view=views.get("delete_view", AreaDeleteView),
        history_view=views.get("history_view", AreaHistoryView),
    )
