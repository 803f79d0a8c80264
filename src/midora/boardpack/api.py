"""Board pack endpoints: generate a snapshot, list them, download the PDF."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema

from midora.boardpack.generate import PackError, generate_snapshot
from midora.boardpack.models import BoardPack
from midora.boardpack.store import read_pdf
from midora.core import permissions
from midora.core.api_errors import ErrorOut
from midora.core.models import LegalEntity

router = Router(tags=["Board pack"])


class BoardPackIn(Schema):
    period_from: dt.date
    period_to: dt.date
    entity_id: int | None = None


class BoardPackOut(Schema):
    id: int
    period_from: dt.date
    period_to: dt.date
    entity_id: int | None
    created_at: dt.datetime
    sha256: str
    pdf_size: int
    figures: dict


def _visible(request: HttpRequest) -> list[BoardPack]:
    permissions.require(
        permissions.can_read_board(request.user), "Your role cannot read board packs."
    )
    return list(BoardPack.objects.visible_to(request.user))


@router.get("/packs", response=list[BoardPackOut], operation_id="boardpack_list")
def list_packs(request: HttpRequest) -> list[BoardPack]:
    return _visible(request)


@router.post("/packs", response={201: BoardPackOut}, operation_id="boardpack_generate")
def create_pack(request: HttpRequest, payload: BoardPackIn):
    permissions.require(
        permissions.can_generate_board_pack(request.user),
        "Your role reads board packs but cannot generate them.",
    )
    entity = None
    if payload.entity_id is not None:
        entity = (
            LegalEntity.objects.filter(pk=payload.entity_id).first()
            if payload.entity_id < 2**63
            else None
        )
        if entity is None:
            raise ValidationError({"entity_id": f"No legal entity {payload.entity_id}."})
    if payload.period_from > payload.period_to:
        raise ValidationError({"period_to": "period_to is before period_from."})
    try:
        snapshot, _pdf = generate_snapshot(
            request.user, payload.period_from, payload.period_to, entity
        )
    except PackError as exc:
        raise ValidationError(str(exc)) from exc
    return 201, snapshot


@router.get(
    "/packs/{int:pk}/pdf", operation_id="boardpack_pdf", response={200: None, 404: ErrorOut}
)
def pack_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    for pack in _visible(request):
        if pack.pk == pk:
            response = HttpResponse(read_pdf(pack.sha256), content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="board-pack-{pack.pk}.pdf"'
            return response
    raise Http404("No board pack with that id in your scope.")
