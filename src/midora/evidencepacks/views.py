"""Evidence pack pages: the register, building a pack, its detail and download, the public key
and checking a presented pack."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from midora.core import permissions
from midora.core.archives import ArchiveLimitError
from midora.core.engine.sentences import reason
from midora.core.models import AuditEvent
from midora.core.sentences import say
from midora.evidencepacks import keys
from midora.evidencepacks.build import PackBuildError, Recipient, build_pack, packs_dir
from midora.evidencepacks.collect import can_build
from midora.evidencepacks.engine.selection import SelectionError
from midora.evidencepacks.engine.verify import summary_lines, verify_pack
from midora.evidencepacks.forms import PackForm
from midora.evidencepacks.issued import check_issued, check_presented
from midora.evidencepacks.models import IssuedPack


def _require_builder(request: HttpRequest) -> None:
    permissions.require(can_build(request.user), _("Your role cannot build evidence packs."))


def _pack(request: HttpRequest, pk: int) -> IssuedPack:
    pack = IssuedPack.objects.visible_to(request.user).filter(pk=pk).first() if pk < 2**63 else None
    if pack is None:
        raise Http404(_("No evidence pack with that number in your scope."))
    return pack


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context.setdefault("can_build", can_build(request.user))
    return render(request, f"evidencepacks/{template}", context)


@permissions.register_readers_only
def index(request: HttpRequest) -> HttpResponse:
    packs = IssuedPack.objects.visible_to(request.user).prefetch_related("entities")
    return _render(
        request,
        "index.html",
        {"packs": packs, "key": keys.public_key()},
    )


@require_http_methods(["GET", "POST"])
def build(request: HttpRequest) -> HttpResponse:
    _require_builder(request)
    form = PackForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        selection = form.selection()
        if selection is not None:
            recipient = Recipient(form.cleaned_data["recipient"], form.cleaned_data["purpose"])
            try:
                pack = build_pack(request.user, selection, recipient)
            except (SelectionError, PackBuildError) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Built and signed %(pack)s — Merkle root %(root)s…")
                    % {"pack": pack, "root": pack.merkle_root[:16]},
                )
                return HttpResponseRedirect(pack.get_absolute_url())
    return _render(request, "build.html", {"form": form})


@permissions.register_readers_only
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    pack = _pack(request, pk)
    event = AuditEvent.objects.filter(
        record_type="evidencepacks.issuedpack", record_id=str(pack.pk)
    ).first()
    return _render(
        request,
        "detail.html",
        {
            "pack": pack,
            "event": event,
            "can_download": can_build(request.user) and bool(pack.stored_name),
            "ours": pack.key_fingerprint == keys.public_key().fingerprint,
        },
    )


def download(request: HttpRequest, pk: int) -> FileResponse:
    _require_builder(request)
    pack = _pack(request, pk)
    path = packs_dir() / pack.stored_name if pack.stored_name else None
    if path is None or not path.is_file():
        raise Http404(_("This pack was written to a file by the command line; no copy is kept."))
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115 - FileResponse closes it
        as_attachment=True,
        filename=pack.download_name,
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permissions.register_readers_only
def public_key(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(keys.public_key().pem, content_type="application/x-pem-file")
    response["Content-Disposition"] = 'attachment; filename="midora-evidence-pack-key.pem"'
    return response


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """Verify a presented pack and say whether this installation issued it."""
    _require_builder(request)
    context: dict = {}
    if request.method == "POST":
        upload = request.FILES.get("pack")
        if upload is None:
            context["error"] = _("Choose the pack (.zip) to check.")
        else:
            context.update(_check_upload(request, upload))
    return _render(request, "check.html", context)


def _check_upload(request: HttpRequest, upload) -> dict:
    path = getattr(upload, "temporary_file_path", None)
    if path is not None:
        return _report(request, Path(path()))
    with tempfile.NamedTemporaryFile(suffix=".zip") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        return _report(request, Path(handle.name))


def _report(request: HttpRequest, path: Path) -> dict:
    try:
        check_presented(path)
    except (ArchiveLimitError, zipfile.BadZipFile) as exc:
        return {"error": _("Not checked: %(reason)s") % {"reason": say(reason(exc))}}
    report = verify_pack(path)
    issued = check_issued(report, path, request.user)
    return {"report": report, "lines": summary_lines(report), "issued": issued}
