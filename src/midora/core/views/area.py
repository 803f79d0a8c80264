"""Register pages of an area: the generic views with the area's sub-navigation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse

from midora.core import permissions
from midora.core.forms import ScopedLinksForm  # its home is core.forms; kept importable here
from midora.core.register_framework import ENTITY_FILTER, Register
from midora.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    RegisterView,
    register_urls,
)


def area_records(request: HttpRequest, queryset: models.QuerySet) -> tuple[models.QuerySet, str]:
    """The records an area page counts: those of the user's entities, narrowed to the query
    string's ``entity`` along the model's scope path (the register lists' entity filter), and
    that ``entity`` (for the page's entity picker)."""
    records = permissions.scope(request.user, queryset)
    entity = request.GET.get("entity", "")
    if entity.isdigit():
        records = ENTITY_FILTER.apply(records, entity)
    return records, entity


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


__all__ = ["ScopedLinksForm", "area_register_urls"]
