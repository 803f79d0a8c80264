"""Generic register views: list (search, filters, sort, pagination, export), detail, history,
create, edit and delete — all scoped to the user's entities and guarded by their role."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import ProtectedError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View

from midora.core import audit, audit_display, permissions
from midora.core.exports import export_response
from midora.core.models import StaleVersionError
from midora.core.parent_ordered_pages import ParentOrderedRows, parent_ordering
from midora.core.register_framework import Register, as_text, resolve

MAX_ID = 2**63 - 1


class RegisterView(View):
    register: Register = None  # type: ignore[assignment]

    def base_queryset(self, request: HttpRequest) -> models.QuerySet:
        reg = self.register
        qs = reg.model._default_manager.all()
        if reg.select_related:
            qs = qs.select_related(*reg.select_related)
        if reg.prefetch_related:
            qs = qs.prefetch_related(*reg.prefetch_related)
        return permissions.scope(request.user, qs)

    def get_object(self, request: HttpRequest, pk: int) -> models.Model:
        permissions.require(
            permissions.can_read_registers(request.user), _("Your role cannot read registers.")
        )
        obj = self.base_queryset(request).filter(pk=pk).first()
        if obj is None:  # absent or outside the user's entities: the same answer
            raise Http404(f"No {self.register.verbose_name} with id {pk} in your scope.")
        return obj

    def context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        return {
            "register": self.register,
            "can_create": permissions.can_create(request.user, self.register.model),
            **extra,
        }


def filtered_queryset(view: RegisterView, request: HttpRequest) -> tuple[models.QuerySet, dict]:
    """Apply search, filters and sorting from the query string; return them for the template."""
    reg = view.register
    query = request.GET.get("q", "").strip()
    filterset = reg.filterset_class(
        request.GET, queryset=view.base_queryset(request), request=request
    )
    qs = filterset.qs
    active = {f.param: request.GET[f.param] for f in reg.filters if request.GET.get(f.param)}
    sortable = {c.sort for c in reg.columns if c.sort}
    sort = request.GET.get("sort", "")
    if sort.lstrip("-") in sortable:
        qs = qs.order_by(sort, "pk")
    elif reg.ordering:
        qs = qs.order_by(*reg.ordering, "pk")
    else:
        qs = qs.order_by("pk")
    return qs, {"q": query, "sort": sort, "active": active}


def paged_rows(register: Register, qs: models.QuerySet, state: dict) -> Any:
    """What the list's pages are cut from: in the register's own order, from the index that holds
    it when there is one (`parent_ordered_pages`), else the sorted queryset."""
    if state["sort"] or not register.ordering:
        return qs
    found = parent_ordering(register.model, register.ordering)
    return ParentOrderedRows(qs, *found) if found else qs


class ObjectListView(RegisterView):
    template_name = "core/object_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        permissions.require_register_reader(request.user)
        qs, state = filtered_queryset(self, request)
        fmt = request.GET.get("export")
        if fmt:
            return export_response(self.register, qs, fmt)
        page = Paginator(paged_rows(self.register, qs, state), self.register.per_page).get_page(
            request.GET.get("page")
        )
        rows = [(obj, [as_text(c.value(obj)) for c in self.register.columns]) for obj in page]
        active = state["active"]
        filters = [
            (
                f,
                [
                    (value, label, str(value) == active.get(f.param))
                    for value, label in f.choices(request)
                ],
            )
            for f in self.register.filters
        ]
        query = request.GET.copy()
        query.pop("page", None)
        from midora.core.views.bulk import bulk_actions

        return render(
            request,
            self.template_name,
            self.context(
                request,
                page=page,
                rows=rows,
                filters=filters,
                querystring=query.urlencode(),
                bulk=bulk_actions(self.register, request.user),
                **state,
            ),
        )


class ObjectDetailView(RegisterView):
    template_name = "core/object_detail.html"

    def detail_rows(self, obj: models.Model) -> list[tuple[str, str]]:
        names = self.register.detail_fields
        if names is None:
            names = [
                f.name
                for f in obj._meta.concrete_fields
                if not f.primary_key and f.name not in {"version", "created_at", "updated_at"}
            ]
        rows = []
        for name in names:
            try:
                label = obj._meta.get_field(name).verbose_name
            except Exception:  # a property or method named in detail_fields
                label = name.replace("_", " ")
            rows.append((capfirst(str(label)), as_text(resolve(obj, name))))
        return rows

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        permissions.require_register_reader(request.user)
        obj = self.get_object(request, pk)
        related = []
        for rel in self.register.related:
            items = permissions.scope(request.user, getattr(obj, rel.accessor).all())
            related.append(
                (rel, [(item, [as_text(c.value(item)) for c in rel.columns]) for item in items])
            )
        return render(
            request,
            self.template_name,
            self.context(
                request,
                object=obj,
                fields=self.detail_rows(obj),
                related=related,
                can_edit=permissions.can_edit(request.user, obj),
                can_delete=permissions.can_delete(request.user, obj),
                tab="details",
            ),
        )


class ObjectHistoryView(RegisterView):
    template_name = "core/object_history.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        permissions.require_register_reader(request.user)
        obj = self.get_object(request, pk)
        events = audit_display.describe(audit.history(obj).order_by("-sequence")[:500])
        return render(
            request,
            self.template_name,
            self.context(request, object=obj, events=events, tab="history"),
        )


class ObjectEditView(RegisterView):
    template_name = "core/object_edit.html"

    def form(self, request: HttpRequest, instance: models.Model | None, data: Any = None):
        return self.register.form_class(
            data=data, files=request.FILES or None, instance=instance, user=request.user
        )

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        instance = self._editable(request, pk)
        return render(
            request,
            self.template_name,
            self.context(request, form=self.form(request, instance), object=instance),
        )

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        instance = self._editable(request, pk)
        form = self.form(request, instance, data=request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    obj = form.save()
            except StaleVersionError as exc:
                form.add_error(None, str(exc))
                return render(
                    request,
                    self.template_name,
                    self.context(request, form=form, object=instance),
                    status=409,
                )
            if instance is not None and not form.has_changed():
                messages.info(
                    request,
                    _("Nothing changed in %(name)s “%(record)s”.")
                    % {"name": self.register.verbose_name, "record": obj},
                )
            else:
                messages.success(
                    request,
                    _("Saved %(name)s “%(record)s”.")
                    % {"name": self.register.verbose_name, "record": obj},
                )
            return HttpResponseRedirect(obj.get_absolute_url())
        return render(
            request,
            self.template_name,
            self.context(request, form=form, object=instance),
            status=422,
        )

    def _editable(self, request: HttpRequest, pk: int | None) -> models.Model | None:
        if pk is None:
            permissions.require(
                permissions.can_create(request.user, self.register.model),
                _("Your role cannot create records."),
            )
            return None
        obj = self.get_object(request, pk)
        permissions.require(
            permissions.can_edit(request.user, obj), _("Your role cannot edit this record.")
        )
        return obj


class ObjectDeleteView(RegisterView):
    template_name = "core/object_confirm_delete.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self._deletable(request, pk)
        return render(request, self.template_name, self.context(request, object=obj))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self._deletable(request, pk)
        label = str(obj)
        try:
            obj.delete()
        except ProtectedError as exc:
            blockers = ", ".join(sorted({str(o) for o in exc.protected_objects})[:5])
            messages.error(
                request,
                _("“%(record)s” is still referenced by %(blockers)s; remove those first.")
                % {"record": label, "blockers": blockers},
            )
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(
            request,
            _("Deleted %(name)s “%(record)s”.")
            % {"name": self.register.verbose_name, "record": label},
        )
        return HttpResponseRedirect(reverse(self.register.url_name("list")))

    def _deletable(self, request: HttpRequest, pk: int) -> models.Model:
        obj = self.get_object(request, pk)
        if not permissions.can_delete(request.user, obj):
            raise PermissionDenied(_("Your role cannot delete this record."))
        return obj


def register_urls(
    register: Register,
    *,
    list_view: type[RegisterView] = ObjectListView,
    detail_view: type[RegisterView] = ObjectDetailView,
    edit_view: type[RegisterView] = ObjectEditView,
    delete_view: type[RegisterView] = ObjectDeleteView,
    history_view: type[RegisterView] = ObjectHistoryView,
    bulk_view: type[RegisterView] | None = None,
) -> list:
    """URL patterns for one register: list, add, detail, edit, delete, history."""
    slug, name = register.slug, register.name
    patterns = [
        path(f"{slug}/", list_view.as_view(register=register), name=f"{name}_list"),
        path(f"{slug}/<int:pk>/", detail_view.as_view(register=register), name=f"{name}_detail"),
        path(
            f"{slug}/<int:pk>/history/",
            history_view.as_view(register=register),
            name=f"{name}_history",
        ),
        path(
            f"{slug}/bulk/", _bulk_view(bulk_view).as_view(register=register), name=f"{name}_bulk"
        ),
        path(
            f"{slug}/<int:pk>/delete/",
            delete_view.as_view(register=register),
            name=f"{name}_delete",
        ),
    ]
    if register.form_class is not None:
        patterns += [
            path(f"{slug}/add/", edit_view.as_view(register=register), name=f"{name}_add"),
            path(
                f"{slug}/<int:pk>/edit/", edit_view.as_view(register=register), name=f"{name}_edit"
            ),
        ]
    return patterns


def _bulk_view(view: type[RegisterView] | None) -> type[RegisterView]:
    from midora.core.views.bulk import BulkView

    return view or BulkView
