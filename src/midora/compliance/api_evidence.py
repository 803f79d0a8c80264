"""API: evidence items (their register's generic operations), their file versions (upload,
download) and control links."""
# Annotations stay evaluated: django-ninja reads the schema classes from them.

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from ninja import File, Router
from ninja.files import UploadedFile

from midora.compliance.api_schemas import EvidenceLinkIn, EvidenceLinkOut, EvidenceVersionOut
from midora.compliance.evidence_records import add_version, download_response
from midora.compliance.evidence_store import (
    EmptyEvidence,
    EvidenceTooLarge,
    store_chunks,
)
from midora.compliance.models import Control, Evidence, EvidenceLink, EvidenceVersion
from midora.compliance.registers import evidence as evidence_register
from midora.core import permissions
from midora.core.api_crud import ErrorOut, register_router
from midora.core.api_scope import get_scoped, readable, require_edit

TAG = "Compliance: evidence"
router = Router(tags=[TAG])
router.add_router(
    "/evidence",
    register_router(evidence_register, tag=TAG, ordering=("entity_id", "title", "pk")),
)


@router.get(
    "/evidence/{int:pk}/versions",
    response={200: list[EvidenceVersionOut], 404: ErrorOut},
    summary="The stored file versions of an evidence item",
)
def list_versions(request: HttpRequest, pk: int):
    evidence = get_scoped(request, Evidence.objects.all(), pk)
    return evidence.versions.order_by("-number")


@router.post(
    "/evidence/{int:pk}/versions",
    response={201: EvidenceVersionOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, 422: ErrorOut},
    summary="Upload a file as the next version (stored once per content, SHA-256)",
)
def upload_version(request: HttpRequest, pk: int, file: File[UploadedFile]):
    evidence = get_scoped(request, Evidence.objects.all(), pk)
    require_edit(request, evidence)
    try:
        blob = store_chunks(file.chunks())
    except EvidenceTooLarge as exc:
        return 413, {"detail": str(exc)}
    except EmptyEvidence as exc:
        raise ValidationError({"file": str(exc)}) from exc
    return 201, add_version(evidence, blob, file.name or "", file.content_type or "", request.user)


@router.get(
    "/evidence/versions/{int:pk}/download",
    response={200: None, 404: ErrorOut},
    summary="Download a stored file (always an attachment)",
)
def download_version(request: HttpRequest, pk: int):
    return download_response(get_scoped(request, EvidenceVersion.objects.all(), pk))


@router.get("/evidence-links", response=list[EvidenceLinkOut], summary="Evidence x control links")
def list_links(request: HttpRequest, evidence_id: int | None = None, control_id: int | None = None):
    links = readable(request, EvidenceLink.objects.select_related("control"))
    if evidence_id is not None:
        links = links.filter(evidence_id=evidence_id)
    if control_id is not None:
        links = links.filter(control_id=control_id)
    return list(links.order_by("pk"))  # evaluated here, so an out-of-range id answers 422


@router.post(
    "/evidence-links",
    response={201: EvidenceLinkOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Link evidence to a control it supports",
)
def create_link(request: HttpRequest, payload: EvidenceLinkIn):
    evidence = get_scoped(request, Evidence.objects.all(), payload.evidence_id)
    require_edit(request, evidence)
    control = get_scoped(request, Control.objects.all(), payload.control_id)
    if not control.entities.filter(pk=evidence.entity_id).exists():
        raise ValidationError(
            {"control_id": f"{control.code} is not operated by the evidence's legal entity."}
        )
    with transaction.atomic():
        link = EvidenceLink(
            evidence=evidence, control=control, note=payload.note, owner=request.user
        )
        link.full_clean()
        link.save()
    return 201, link


@router.delete(
    "/evidence-links/{int:pk}", response={204: None, 403: ErrorOut, 404: ErrorOut}, summary="Unlink"
)
def delete_link(request: HttpRequest, pk: int):
    with transaction.atomic():
        link = get_scoped(request, EvidenceLink.objects.select_related("evidence"), pk)
        permissions.require(permissions.can_edit(request.user, link.evidence))
        link.delete()
    return 204, None
