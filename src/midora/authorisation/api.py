# Annotations stay evaluated here: django-ninja reads the schema classes from them.
"""REST endpoints of the authorisation dossier, mounted under /api/authorisation/."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.pagination import LimitOffsetPagination, paginate

from midora.authorisation import services
from midora.authorisation.api_schemas import (
    AttachmentIn,
    AttachmentOut,
    CommentIn,
    CommentOut,
    DossierIn,
    DossierOut,
    DossierPatch,
    ItemFilter,
    ItemIdsIn,
    ItemOut,
    ItemPatch,
    VersionIn,
)
from midora.authorisation.choices import ItemStatus
from midora.authorisation.models import (
    Dossier,
    DossierItem,
    InformationRequest,
    ItemComment,
    ItemEvidence,
)
from midora.authorisation.registers import people, requests
from midora.compliance.models import Evidence
from midora.core import permissions
from midora.core.api_crud import ErrorOut, apply_payload, register_router
from midora.core.api_links import editable_or_404
from midora.core.models import LegalEntity

router = Router(tags=["authorisation"])
ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _scoped(request: HttpRequest, queryset: Any, pk: int, label: str) -> Any:
    permissions.require(
        permissions.can_read_registers(request.user), "Your role cannot read registers."
    )
    obj = permissions.scope(request.user, queryset).filter(pk=pk).first()
    if obj is None:
        raise Http404(f"No {label} with id {pk} in your scope.")
    return obj


# --- dossiers ------------------------------------------------------------------------------


@router.get("/dossiers", response=list[DossierOut], operation_id="dossier_list")
def dossier_list(request: HttpRequest) -> Any:
    permissions.require(
        permissions.can_read_registers(request.user), "Your role cannot read registers."
    )
    return permissions.scope(request.user, Dossier.objects.order_by("pk"))


@router.post("/dossiers", response={201: DossierOut, **ERRORS}, operation_id="dossier_open")
def dossier_open(request: HttpRequest, payload: DossierIn) -> Any:
    """Open the entity's dossier (or return it) with the items its services call for."""
    permissions.require(permissions.can_create(request.user), "Your role cannot create records.")
    if not permissions.entity_allowed(request.user, payload.entity_id):
        raise ValidationError(
            {"entity_id": f"Legal entity {payload.entity_id} is not in your scope."}
        )
    dossier, _report = services.open_dossier(
        LegalEntity.objects.get(pk=payload.entity_id), payload.title
    )
    return 201, dossier


@router.get(
    "/dossiers/{int:pk}", response={200: DossierOut, 404: ErrorOut}, operation_id="dossier_read"
)
def dossier_read(request: HttpRequest, pk: int) -> Any:
    return _scoped(request, Dossier.objects.all(), pk, "dossier")


@router.patch(
    "/dossiers/{int:pk}", response={200: DossierOut, **ERRORS}, operation_id="dossier_patch"
)
def dossier_patch(request: HttpRequest, pk: int, payload: DossierPatch) -> Any:
    with transaction.atomic():
        dossier = editable_or_404(request, Dossier, pk)
        data = payload.dict(exclude_unset=True)
        dossier.version = data.pop("version")
        apply_payload(request, dossier, data)
        dossier.save()
    return dossier


@router.get(
    "/dossiers/{int:pk}/status", response={200: dict, 404: ErrorOut}, operation_id="dossier_status"
)
def dossier_status(request: HttpRequest, pk: int) -> Any:
    """Each applicable item's status and completeness, per article and overall."""
    return services.status_rows(
        _scoped(request, Dossier.objects.select_related("entity"), pk, "dossier")
    )


# --- items ---------------------------------------------------------------------------------


def _items(request: HttpRequest) -> Any:
    permissions.require(
        permissions.can_read_registers(request.user), "Your role cannot read registers."
    )
    return permissions.scope(
        request.user, DossierItem.objects.filter(applies=True).select_related("requirement")
    )


@router.get("/items", response=list[ItemOut], operation_id="dossier_item_list")
@paginate(LimitOffsetPagination)
def item_list(request: HttpRequest, filters: Query[ItemFilter]) -> Any:
    return filters.filter(_items(request)).order_by("dossier_id", "position")


@router.get(
    "/items/{int:pk}", response={200: ItemOut, 404: ErrorOut}, operation_id="dossier_item_read"
)
def item_read(request: HttpRequest, pk: int) -> Any:
    return _scoped(request, _items(request), pk, "dossier item")


@router.patch(
    "/items/{int:pk}", response={200: ItemOut, **ERRORS}, operation_id="dossier_item_patch"
)
def item_patch(request: HttpRequest, pk: int, payload: ItemPatch) -> Any:
    """Answer (Markdown), owner, reviewer; status moves drafted <-> in review (approve apart)."""
    data = payload.dict(exclude_unset=True)
    with transaction.atomic():
        item = editable_or_404(request, DossierItem, pk)
        item.version = data.pop("version")
        status = data.pop("status", None)
        if status == ItemStatus.APPROVED:
            raise ValidationError({"status": "Approve with POST /items/{id}/approve."})
        if data:
            apply_payload(request, item, data)
            if "answer" in data and item.answer and item.status == ItemStatus.NOT_STARTED:
                item.status = ItemStatus.DRAFTED
            item.save()
        if status is not None and status != item.status:
            services.move(item, status, request.user)
    item.refresh_from_db()
    return item


@router.post(
    "/items/{int:pk}/approve",
    response={200: ItemOut, **ERRORS},
    operation_id="dossier_item_approve",
)
def item_approve(request: HttpRequest, pk: int, payload: VersionIn) -> Any:
    """The reviewer approves an answer in review (recorded in the audit trail)."""
    item = _scoped(request, _items(request), pk, "dossier item")
    with transaction.atomic():
        return services.approve(item, request.user, payload.version)


@router.get(
    "/items/{int:pk}/evidence",
    response={200: list[AttachmentOut], 404: ErrorOut},
    operation_id="dossier_item_evidence",
)
def item_evidence(request: HttpRequest, pk: int) -> Any:
    item = _scoped(request, _items(request), pk, "dossier item")
    return item.attachments.select_related("evidence", "pinned_version").order_by("pk")


@router.post(
    "/items/{int:pk}/evidence",
    response={201: AttachmentOut, **ERRORS},
    operation_id="dossier_item_attach",
)
def item_attach(request: HttpRequest, pk: int, payload: AttachmentIn) -> Any:
    """Attach evidence of the entity, pinned to its latest version, with its MiCA statement."""
    with transaction.atomic():
        item = editable_or_404(request, DossierItem, pk)
        evidence = (
            permissions.scope(
                request.user, Evidence.objects.filter(entity_id=item.dossier.entity_id)
            )
            .filter(pk=payload.evidence_id)
            .first()
        )
        if evidence is None:
            raise ValidationError(
                {"evidence_id": "No evidence of this entity with that id in your scope."}
            )
        if item.attachments.filter(evidence=evidence).exists():
            raise ValidationError({"evidence_id": "This evidence is already attached."})
        attachment = ItemEvidence(
            item=item,
            evidence=evidence,
            pinned_version=evidence.latest_version,
            statement=payload.statement,
            owner=request.user,
        )
        attachment.full_clean()
        attachment.save()
    return 201, attachment


@router.post(
    "/attachments/{int:pk}/pin-latest",
    response={200: AttachmentOut, **ERRORS},
    operation_id="dossier_attachment_pin",
)
def attachment_pin(request: HttpRequest, pk: int) -> Any:
    attachment = _scoped(
        request, ItemEvidence.objects.select_related("item", "evidence"), pk, "attachment"
    )
    permissions.require(
        permissions.can_edit(request.user, attachment.item), "Your role cannot edit this item."
    )
    return services.pin_latest(attachment)


@router.delete(
    "/attachments/{int:pk}",
    response={204: None, **ERRORS},
    operation_id="dossier_attachment_delete",
)
def attachment_delete(request: HttpRequest, pk: int) -> Any:
    attachment = _scoped(request, ItemEvidence.objects.select_related("item"), pk, "attachment")
    permissions.require(
        permissions.can_edit(request.user, attachment.item), "Your role cannot edit this item."
    )
    attachment.delete()
    return 204, None


@router.get(
    "/items/{int:pk}/comments",
    response={200: list[CommentOut], 404: ErrorOut},
    operation_id="dossier_item_comments",
)
def item_comments(request: HttpRequest, pk: int) -> Any:
    return _scoped(request, _items(request), pk, "dossier item").comments.all()


@router.post(
    "/items/{int:pk}/comments",
    response={201: CommentOut, **ERRORS},
    operation_id="dossier_item_comment",
)
def item_comment(request: HttpRequest, pk: int, payload: CommentIn) -> Any:
    item = _scoped(request, _items(request), pk, "dossier item")
    permissions.require(permissions.can_create(request.user), "Your role cannot comment.")
    comment = ItemComment(item=item, text=payload.text, owner=request.user)
    comment.save()
    return 201, comment


# --- the authority's requests and the people register --------------------------------------

requests_router = register_router(requests, tag="authorisation", ordering=("due_on", "pk"))
RequestOut = requests.api_schemas.output


@requests_router.put(
    "/{int:pk}/items", response={200: RequestOut, **ERRORS}, operation_id="informationrequest_items"
)
def request_items(request: HttpRequest, pk: int, payload: ItemIdsIn) -> Any:
    """Set the dossier items a request concerns (items of the same dossier only)."""
    with transaction.atomic():
        obj = editable_or_404(request, InformationRequest, pk)
        items = list(
            permissions.scope(
                request.user,
                DossierItem.objects.filter(dossier_id=obj.dossier_id, pk__in=payload.item_ids),
            )
        )
        missing = sorted(set(payload.item_ids) - {i.pk for i in items})
        if missing:
            raise ValidationError({"item_ids": f"Not items of this dossier: {missing}"})
        obj.items.set(items)
    return obj


router.add_router("/requests", requests_router)
router.add_router(
    "/people",
    register_router(people, tag="authorisation", ordering=("entity_id", "role", "full_name", "pk")),
)
