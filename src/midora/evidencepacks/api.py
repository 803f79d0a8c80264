"""Evidence pack endpoints: build, list, read, download, the public key, and check a pack."""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from midora.core import permissions
from midora.core.api_errors import ErrorOut, ValidationErrorOut
from midora.core.api_scope import open_to_readers
from midora.core.archives import ArchiveLimitError
from midora.evidencepacks import keys
from midora.evidencepacks.build import PackBuildError, Recipient, build_pack, packs_dir
from midora.evidencepacks.collect import can_build
from midora.evidencepacks.engine.selection import Selection, SelectionError
from midora.evidencepacks.engine.verify import verify_pack
from midora.evidencepacks.issued import check_issued, check_presented
from midora.evidencepacks.models import IssuedPack

router = Router(tags=["Evidence packs"])


class PackIn(Schema):
    regime: str = ""
    requirements: list[str] = []
    area: str = ""
    controls: list[str] = []
    incident: str = ""
    assessment: int | None = None
    dossier: str = ""
    entity: str = ""
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    recipient: str
    purpose: str = ""


class PackOut(Schema):
    id: int
    pack_id: uuid.UUID
    merkle_root: str
    key_fingerprint: str
    selection: dict
    description: str
    recipient: str
    purpose: str
    built_at: dt.datetime
    built_by_name: str
    entity_leis: list[str]
    period_from: dt.date | None
    period_to: dt.date | None
    file_count: int
    evidence_files: int
    evidence_bytes: int
    audit_events: int
    archive_sha256: str
    archive_size: int
    downloadable: bool

    @staticmethod
    def resolve_entity_leis(obj: IssuedPack) -> list[str]:
        return [e.lei for e in obj.entities.all()]

    @staticmethod
    def resolve_downloadable(obj: IssuedPack) -> bool:
        return bool(obj.stored_name)


class KeyOut(Schema):
    algorithm: str
    fingerprint: str
    pem: str


class CheckOut(Schema):
    verified: bool
    problems: list[str]
    notes: list[str]
    merkle_root: str
    signature: str
    key_fingerprint: str
    issued: bool
    issued_pack_id: int | None
    message: str


def _require_builder(request: HttpRequest) -> None:
    permissions.require(can_build(request.user), "Your role cannot build evidence packs.")


def _visible(request: HttpRequest):
    return IssuedPack.objects.visible_to(request.user).prefetch_related("entities")


@router.get(
    "/packs", response={200: list[PackOut], 403: ErrorOut}, summary="The register of issued packs"
)
def list_packs(request: HttpRequest):
    permissions.require_register_reader(request.user)
    return list(_visible(request))


@router.get(
    "/packs/{int:pk}",
    response={200: PackOut, 403: ErrorOut, 404: ErrorOut},
    summary="One issued pack",
)
def read_pack(request: HttpRequest, pk: int):
    permissions.require_register_reader(request.user)
    pack = _visible(request).filter(pk=pk).first() if pk < 2**63 else None
    if pack is None:
        raise Http404("No evidence pack with that number in your scope.")
    return pack


@router.post(
    "/packs",
    response={201: PackOut, 403: ErrorOut, 422: ErrorOut},
    summary="Build, sign and register a pack (kept for download)",
)
@open_to_readers
def create_pack(request: HttpRequest, payload: PackIn):
    _require_builder(request)
    data = payload.dict()
    recipient = Recipient(data.pop("recipient"), data.pop("purpose"))
    try:
        pack = build_pack(request.user, Selection.parse(**data), recipient)
    except (SelectionError, PackBuildError) as exc:
        raise ValidationError(str(exc)) from exc
    return 201, pack


@router.get(
    "/packs/{int:pk}/download",
    response={200: None, 403: ErrorOut, 404: ErrorOut},
    summary="The pack archive (.zip)",
)
def download_pack(request: HttpRequest, pk: int):
    _require_builder(request)
    pack = _visible(request).filter(pk=pk).first() if pk < 2**63 else None
    path = packs_dir() / pack.stored_name if pack is not None and pack.stored_name else None
    if path is None or not path.is_file():
        raise Http404("No kept copy of that pack in your scope.")
    return FileResponse(
        open(path, "rb"),
        as_attachment=True,
        filename=pack.download_name,
        content_type="application/zip",
    )


@router.get(
    "/key",
    response={200: KeyOut, 403: ErrorOut},
    summary="This installation's pack-signing public key",
)
def public_key(request: HttpRequest):
    permissions.require_register_reader(request.user)
    key = keys.public_key()
    return {"algorithm": "Ed25519", "fingerprint": key.fingerprint, "pem": key.pem}


@router.post(
    "/check",
    response={200: CheckOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Verify a presented pack and say whether this installation issued it",
)
@open_to_readers
def check_pack(request: HttpRequest, file: File[UploadedFile]):
    _require_builder(request)
    with tempfile.NamedTemporaryFile(suffix=".zip") as handle:
        for chunk in file.chunks():
            handle.write(chunk)
        handle.flush()
        path = Path(handle.name)
        try:
            check_presented(path)
        except (ArchiveLimitError, zipfile.BadZipFile) as exc:
            error = {"loc": ["body", "file"], "msg": f"Not checked: {exc}", "type": "value_error"}
            return 422, {"detail": [error]}
        report = verify_pack(path)
        issued = check_issued(report, path, request.user)
    return {
        "verified": report.ok,
        "problems": report.problems,
        "notes": report.notes,
        "merkle_root": report.root,
        "signature": report.signature,
        "key_fingerprint": report.fingerprint,
        "issued": issued.issued,
        "issued_pack_id": issued.pack.pk if issued.pack else None,
        "message": issued.message,
    }
