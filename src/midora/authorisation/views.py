"""Pages of the authorisation area: overview, a dossier, an item, the authority's rounds."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from midora.authorisation import rounds, services
from midora.authorisation.choices import ItemStatus
from midora.authorisation.forms import AnswerForm, AttachForm, CommentForm, PersonDocumentForm
from midora.authorisation.models import Dossier, DossierItem, ItemEvidence, Person, PersonDocument
from midora.authorisation.models.people import PERSONAL_FIELDS
from midora.authorisation.permissions import can_see_personal_data
from midora.core import audit, permissions
from midora.core.models import LegalEntity, StaleVersionError
from midora.core.views.area import AreaDetailView

NAV = "authorisation/area_nav.html"


@permissions.register_readers_only
def _scoped(request: HttpRequest, queryset: Any, pk: int) -> Any:
    obj = permissions.scope(request.user, queryset).filter(pk=pk).first()
    if obj is None:
        raise Http404(_("Not found in your scope."))
    return obj


@permissions.register_readers_only
def index(request: HttpRequest) -> HttpResponse:
    """Every dossier of the user's entities with its completeness, and entities without one."""
    dossiers = rounds.with_rounds(permissions.scope(request.user, Dossier.objects.all()))
    cards = [(d, services.dossier_state(d).overall) for d in dossiers]
    without = (
        permissions.scope(request.user, LegalEntity.objects.all())
        .filter(dossier__isnull=True, mica_status="applicant")
        .order_by("name")
    )
    return render(
        request,
        "authorisation/index.html",
        {"area_nav": NAV, "cards": cards, "without": without, "board": rounds.board(dossiers)},
    )


@require_POST
def open_for_entity(request: HttpRequest, entity_id: int) -> HttpResponse:
    entity = _scoped(request, LegalEntity.objects.all(), entity_id)
    permissions.require(permissions.can_create(request.user), _("Your role cannot create records."))
    dossier, report = services.open_dossier(entity)
    messages.success(
        request,
        ngettext(
            "Dossier opened with %(count)d applicable item.",
            "Dossier opened with %(count)d applicable items.",
            report.added,
        )
        % {"count": report.added},
    )
    return HttpResponseRedirect(dossier.get_absolute_url())


def dossier_page(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _scoped(request, Dossier.objects.select_related("entity__authority"), pk)
    state = services.dossier_state(dossier)
    article = request.GET.get("article", "")
    status = request.GET.get("status", "")
    rows = [
        (item, result)
        for item, result in state.rows
        if (not article or item.requirement.article == article)
        and (not status or item.status == status or (status == "flagged" and item.needs_review))
    ]
    return render(
        request,
        "authorisation/dossier.html",
        {
            "area_nav": NAV,
            "dossier": dossier,
            "state": state,
            "rows": rows,
            "articles": [(a, state.titles.get(a, ""), t) for a, t in state.articles.items()],
            "article": article,
            "status": status,
            "statuses": ItemStatus.choices,
            "timeline": rounds.timeline_for(dossier),
            "open_requests": dossier.requests.filter(answered_on__isnull=True).order_by("due_on"),
            "can_edit": permissions.can_edit(request.user, dossier),
        },
    )


@require_POST
def dossier_sync(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _scoped(request, Dossier.objects.all(), pk)
    permissions.require(permissions.can_edit(request.user, dossier))
    report = services.sync_items(dossier)
    messages.success(
        request,
        _(
            "Items brought up to date: %(added)d added, %(withdrawn)d no longer apply, "
            "%(restored)d apply again."
        )
        % {"added": report.added, "withdrawn": report.withdrawn, "restored": report.restored},
    )
    return HttpResponseRedirect(dossier.get_absolute_url())


@require_POST
def dossier_baseline(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _scoped(request, Dossier.objects.all(), pk)
    permissions.require(permissions.can_edit(request.user, dossier))
    services.set_baseline(dossier)
    messages.success(
        request, _("Authorised: the approved file is now the baseline (MiCA Art. 59).")
    )
    return HttpResponseRedirect(dossier.get_absolute_url())


def _item(request: HttpRequest, pk: int) -> DossierItem:
    return _scoped(
        request,
        DossierItem.objects.select_related("dossier__entity", "requirement", "reviewer", "owner"),
        pk,
    )


def item_page(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    can_edit = permissions.can_edit(request.user, item)
    form = AnswerForm(instance=item, user=request.user)
    if request.method == "POST":
        permissions.require(can_edit, _("Your role cannot edit this item."))
        form = AnswerForm(data=request.POST, instance=item, user=request.user)
        if form.is_valid():
            try:
                if form.has_changed():
                    form.save()
                    messages.success(request, _("Answer saved."))
                return HttpResponseRedirect(item.get_absolute_url())
            except StaleVersionError as exc:
                form.add_error(None, str(exc))
    result = services.item_result(item)
    attachments = item.attachments.select_related("evidence", "pinned_version").order_by("pk")
    return render(
        request,
        "authorisation/item.html",
        {
            "area_nav": NAV,
            "item": item,
            "form": form,
            "result": result,
            "attachments": [
                (a, services.pinned_facts(a, timezone.localdate())) for a in attachments
            ],
            "attach_form": AttachForm(user=request.user, item=item),
            "comment_form": CommentForm(user=request.user),
            "comments": item.comments.select_related("owner"),
            "history": audit.history(item)[:20],
            "requests": item.requests.all(),
            "people": _people_for(item),
            "can_edit": can_edit,
            "can_approve": services.can_approve(request.user, item),
            "can_comment": permissions.can_create(request.user),
        },
    )


def _people_for(item: DossierItem) -> Any:
    """RTS 2025/305 Arts. 7 and 8 ask about the people in the fit-and-proper register."""
    article = item.requirement.article
    roles = {"7": ["management_body", "key_function"], "8": ["qualifying_holder"]}.get(article)
    if roles is None:
        return None
    return Person.objects.filter(entity_id=item.dossier.entity_id, role__in=roles).order_by(
        "role", "full_name"
    )


@require_POST
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    target = request.POST.get("status", "")
    if target != ItemStatus.APPROVED:
        permissions.require(
            permissions.can_edit(request.user, item), _("Your role cannot edit this item.")
        )
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        services.move(item, target, request.user, version)
        messages.success(request, f"{item.requirement.ref}: {item.get_status_display()}.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except StaleVersionError as exc:
        messages.error(request, str(exc))
    return HttpResponseRedirect(item.get_absolute_url())


@require_POST
def item_attach(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    permissions.require(
        permissions.can_edit(request.user, item), _("Your role cannot edit this item.")
    )
    form = AttachForm(data=request.POST, user=request.user, item=item)
    if form.is_valid():
        if item.attachments.filter(evidence=form.cleaned_data["evidence"]).exists():
            messages.error(request, _("This evidence is already attached."))
        else:
            with transaction.atomic():
                form.save()
            messages.success(request, _("Evidence attached, pinned to its latest version."))
    else:
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return HttpResponseRedirect(item.get_absolute_url())


@require_POST
def attachment_pin(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _scoped(request, ItemEvidence.objects.select_related("item", "evidence"), pk)
    permissions.require(permissions.can_edit(request.user, attachment.item))
    services.pin_latest(attachment)
    messages.success(request, _("Pinned to the latest version; the answer goes back to review."))
    return HttpResponseRedirect(attachment.item.get_absolute_url())


@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _scoped(request, ItemEvidence.objects.select_related("item"), pk)
    permissions.require(permissions.can_edit(request.user, attachment.item))
    item = attachment.item
    attachment.delete()
    messages.success(request, _("Evidence detached."))
    return HttpResponseRedirect(item.get_absolute_url())


@require_POST
def item_comment(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    permissions.require(permissions.can_create(request.user), _("Your role cannot comment."))
    form = CommentForm(data=request.POST, user=request.user)
    if form.is_valid():
        comment = form.save(commit=False)
        comment.item = item
        comment.owner = request.user
        comment.save()
    return HttpResponseRedirect(item.get_absolute_url() + "#comments")


@permissions.register_readers_only
def board_page(request: HttpRequest) -> HttpResponse:
    """What the authorities asked and what is due when, across the user's dossiers."""
    dossiers = list(rounds.with_rounds(permissions.scope(request.user, Dossier.objects.all())))
    return render(
        request,
        "authorisation/board.html",
        {
            "area_nav": NAV,
            "board": rounds.board(dossiers),
            "timelines": [(d, rounds.timeline_for(d)) for d in dossiers],
        },
    )


class PersonDetailView(AreaDetailView):
    """Personal data and documents only for the roles that need them."""

    template_name = "authorisation/person_detail.html"

    def detail_rows(self, obj: Any) -> list[tuple[str, str]]:
        rows = super().detail_rows(obj)
        if can_see_personal_data(self.request.user):
            from midora.core.register_framework import as_text

            for name in PERSONAL_FIELDS:
                label = obj._meta.get_field(name).verbose_name
                rows.append((capfirst(str(label)), as_text(getattr(obj, name))))
        return rows

    def context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        data = super().context(request, **extra)
        personal = can_see_personal_data(request.user)
        data["personal"] = personal
        if personal and "object" in data:
            data["documents"] = data["object"].documents.all()
            data["document_form"] = PersonDocumentForm()
        return data


@require_POST
def person_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _scoped(request, Person.objects.all(), pk)
    permissions.require(
        can_see_personal_data(request.user) and permissions.can_edit(request.user, person)
    )
    form = PersonDocumentForm(data=request.POST, files=request.FILES)
    if form.is_valid():
        form.save(person, request.user)
        messages.success(request, _("Document stored."))
    else:
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return HttpResponseRedirect(person.get_absolute_url())


def person_document_download(request: HttpRequest, pk: int) -> HttpResponse:
    from midora.compliance.evidence_records import download_response

    document = _scoped(request, PersonDocument.objects.all(), pk)
    permissions.require(
        can_see_personal_data(request.user), _("Your role cannot see personal data.")
    )
    return download_response(document)
