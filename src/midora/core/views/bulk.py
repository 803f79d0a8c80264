"""Bulk actions on a register's list: assign an owner, change the status, link to a record
(`bulk_link`), export the selection.

Each change is checked per record as the edit page would check it (the user must be allowed to
edit that record, the value must be one of the field's choices, the record must stay valid); if
any selected record is refused nothing changes and the message names the refused rows. The
changes are saved through the records' own `save` in one transaction, so the audit trail gets one
event per changed record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from midora.core import audit, permissions
from midora.core.exports import export_response
from midora.core.forms import OWNER_ASSIGNERS
from midora.core.register_framework import Register
from midora.core.views import bulk_link
from midora.core.views.generic import RegisterView

EXPORTS = ("csv", "xlsx")
NAMES_SHOWN = 10


@dataclass(frozen=True)
class BulkActions:
    """What the list offers on its selected rows, for this user."""

    owners: list[Any]
    statuses: list[tuple[str, str]]
    links: list[bulk_link.LinkChoice]

    @property
    def owner(self) -> bool:
        return bool(self.owners)

    @property
    def status(self) -> bool:
        return bool(self.statuses)


def _editable_fields(register: Register) -> set[str]:
    form = register.form_class
    return set(form.base_fields) if form is not None else set()


def status_choices(register: Register) -> list[tuple[str, str]]:
    """The status field's choices, where the register's form lets users edit a status."""
    if "status" not in _editable_fields(register):
        return []
    try:
        field = register.model._meta.get_field("status")
    except FieldDoesNotExist:
        return []
    return [(str(value), str(label)) for value, label in field.choices or []]


def owner_choices() -> list[Any]:
    return list(get_user_model().objects.filter(is_active=True).order_by("username"))


def bulk_actions(register: Register, user: Any) -> BulkActions:
    role = permissions.role_of(user)
    editing = permissions.can_create(user)
    owners = (
        owner_choices() if role in OWNER_ASSIGNERS and "owner" in _editable_fields(register) else []
    )
    return BulkActions(
        owners=owners,
        statuses=status_choices(register) if editing else [],
        links=bulk_link.link_choices(register, user),
    )


def refusals(user: Any, records: list[models.Model], name: str, value: Any) -> list[str]:
    """Why each record may not take `value` in field `name` (none: all may)."""
    refused = []
    for obj in records:
        if not permissions.can_edit(user, obj):
            refused.append(_("“%(record)s”: your role cannot edit it") % {"record": obj})
            continue
        setattr(obj, name, value)
        try:
            obj.clean()
        except ValidationError as exc:
            refused.append(f"“{obj}”: {' '.join(exc.messages)}")
    return refused


class BulkView(RegisterView):
    """POST only: the selected rows (`ids`) and the action (`action`, with `new_owner` — a
    user's id or `none` —, `new_status`, or `link` — a link's name — and `target`: the record to
    link to, chosen on the page `link_choose` answers with)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        permissions.require_register_reader(request.user)
        back = self._back(request)
        ids = {int(raw) for raw in request.POST.getlist("ids") if raw.isdigit()}
        if not ids:
            messages.error(request, _("Select at least one row first."))
            return HttpResponseRedirect(back)
        records = list(self.base_queryset(request).filter(pk__in=ids).order_by("pk"))
        if len(records) != len(ids):  # absent or outside the user's entities
            messages.error(request, _("Some selected rows are not in your scope; nothing changed."))
            return HttpResponseRedirect(back)
        action = request.POST.get("action", "")
        if action in EXPORTS:
            return export_response(
                self.register, self.base_queryset(request).filter(pk__in=ids), action
            )
        offered = bulk_actions(self.register, request.user)
        if action == "owner" and offered.owner:
            raw = request.POST.get("new_owner", "")
            value = next((u for u in offered.owners if str(u.pk) == raw), None)
            if raw != "none" and value is None:
                messages.error(request, _("Choose an owner from the list."))
                return HttpResponseRedirect(back)
            shown = str(value) if value else _("nobody")
            return self._apply(request, records, "owner", value, shown, back)
        if action == "status" and offered.status:
            raw = request.POST.get("new_status", "")
            labels = dict(offered.statuses)
            if raw not in labels:
                messages.error(request, _("Choose a status from the list."))
                return HttpResponseRedirect(back)
            return self._apply(request, records, "status", raw, labels[raw], back)
        links = {choice.name: choice for choice in offered.links}
        if action in ("link_choose", "link") and links:
            choice = links.get(request.POST.get("link", ""))
            if choice is None:
                messages.error(request, _("Choose what to link the rows to."))
                return HttpResponseRedirect(back)
            if action == "link_choose":
                return self._choose_target(request, records, choice, back)
            return self._link(request, records, choice, back)
        permissions.require(False, _("Your role cannot do this on these records."))
        return HttpResponseRedirect(back)  # pragma: no cover - require raised

    def _apply(
        self,
        request: HttpRequest,
        records: list[models.Model],
        name: str,
        value: Any,
        shown: str,
        back: str,
    ) -> HttpResponse:
        refused = refusals(request.user, records, name, value)
        if refused:
            self._refused(request, refused)
            return HttpResponseRedirect(back)
        with transaction.atomic(), audit.one_event_per_record():
            for obj in records:
                obj.save()
        messages.success(
            request,
            ngettext(
                "Set %(field)s to “%(value)s” on %(count)d record.",
                "Set %(field)s to “%(value)s” on %(count)d records.",
                len(records),
            )
            % {
                "field": records[0]._meta.get_field(name).verbose_name,
                "value": shown,
                "count": len(records),
            },
        )
        return HttpResponseRedirect(back)

    def _choose_target(
        self,
        request: HttpRequest,
        records: list[models.Model],
        choice: bulk_link.LinkChoice,
        back: str,
    ) -> HttpResponse:
        return render(
            request,
            "core/bulk_link.html",
            self.context(
                request,
                records=records,
                choice=choice,
                targets=bulk_link.target_choices(self.register, request.user, choice.name),
                back=back,
            ),
        )

    def _link(
        self,
        request: HttpRequest,
        records: list[models.Model],
        choice: bulk_link.LinkChoice,
        back: str,
    ) -> HttpResponse:
        raw = request.POST.get("target", "")
        offered = bulk_link.targets(self.register, request.user, choice.name)
        target = offered.filter(pk=int(raw)).first() if raw.isdigit() else None
        if target is None:
            messages.error(request, _("Choose a record to link to from the list."))
            return HttpResponseRedirect(back)
        bound, refused, already = bulk_link.link_forms(
            self.register, request.user, records, choice.name, target
        )
        if refused:
            self._refused(request, refused)
            return HttpResponseRedirect(back)
        bulk_link.save_links(bound)
        done = ngettext(
            "Linked %(count)d record to “%(target)s” (%(link)s).",
            "Linked %(count)d records to “%(target)s” (%(link)s).",
            len(bound),
        ) % {"count": len(bound), "target": target, "link": choice.label}
        if already:
            done += " " + ngettext(
                "%(count)d was already linked.", "%(count)d were already linked.", already
            ) % {"count": already}
        messages.success(request, done)
        return HttpResponseRedirect(back)

    def _refused(self, request: HttpRequest, refused: list[str]) -> None:
        more = len(refused) - NAMES_SHOWN
        listed = "; ".join(refused[:NAMES_SHOWN]) + (
            _(" and %(count)d more") % {"count": more} if more > 0 else ""
        )
        messages.error(
            request,
            _("Nothing changed: %(count)d of the selected rows cannot be changed — %(rows)s.")
            % {"count": len(refused), "rows": listed},
        )

    def _back(self, request: HttpRequest) -> str:
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return reverse(self.register.url_name("list"))
