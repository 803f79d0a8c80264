"""Evidence index, upload (streamed into the store), versions, downloads and control links."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from midora.compliance.evidence_records import add_version, download_response
from midora.compliance.evidence_store import EmptyEvidence, format_size, max_bytes
from midora.compliance.forms import EvidenceCreateForm, EvidenceLinkForm, VersionUploadForm
from midora.compliance.models import Evidence, EvidenceLink, EvidenceVersion
from midora.compliance.registers import evidence as evidence_register
from midora.compliance.uploads import EvidenceUploadHandler, discard_staged
from midora.compliance.views.common import scoped_or_404
from midora.core import permissions
from midora.core.views.area import AreaDetailView, AreaListView


class EvidenceListView(AreaListView):
    template_name = "compliance/evidence_list.html"

    def context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        from midora.compliance.crosswalk import state_counts

        context = super().context(request, **extra)
        context["state_counts"] = state_counts(self.base_queryset(request), timezone.localdate())
        return context


class EvidenceDetailView(AreaDetailView):
    template_name = "compliance/evidence_detail.html"

    def context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        context = super().context(request, **extra)
        evidence = extra.get("object")
        if evidence is not None:
            context.update(
                versions=evidence.versions.select_related("uploaded_by").order_by("-number"),
                links=evidence.links.select_related("control").order_by("control__code"),
                state=evidence.state(timezone.localdate()),
                upload_form=VersionUploadForm(),
                link_form=EvidenceLinkForm(user=request.user, evidence=evidence),
                max_size=format_size(max_bytes()),
            )
        return context


def _upload_error(request: HttpRequest) -> str | None:
    return getattr(request, "evidence_upload_error", None)


@csrf_exempt
def evidence_add(request: HttpRequest) -> HttpResponse:
    """Files stream into the store as they arrive (the handler goes in before the body is read)."""
    if request.method == "POST":
        request.upload_handlers = [EvidenceUploadHandler(request)]
    return _evidence_add(request)


@csrf_protect
def _evidence_add(request: HttpRequest) -> HttpResponse:
    permissions.require(permissions.can_create(request.user), _("Your role cannot create records."))
    context = {"register": evidence_register, "max_size": format_size(max_bytes())}
    if request.method != "POST":
        form = EvidenceCreateForm(user=request.user)
        return render(request, "compliance/evidence_add.html", {**context, "form": form})
    form = EvidenceCreateForm(data=request.POST, files=request.FILES, user=request.user)
    error = _upload_error(request)
    if error:
        form.add_error("file", error)
    if error or not form.is_valid():
        discard_staged(request.FILES)
        return render(
            request, "compliance/evidence_add.html", {**context, "form": form}, status=422
        )
    upload = form.cleaned_data.get("file")
    try:
        with transaction.atomic():
            evidence = form.save()
            for control in form.cleaned_data["controls"]:
                EvidenceLink(evidence=evidence, control=control, owner=request.user).save()
            if upload is not None:
                blob = upload.commit()
                add_version(evidence, blob, upload.name, upload.content_type, request.user)
    except EmptyEvidence:
        form.add_error("file", _("The file is empty; nothing was stored."))
        return render(
            request, "compliance/evidence_add.html", {**context, "form": form}, status=422
        )
    messages.success(request, _("Saved evidence “%(evidence)s”.") % {"evidence": evidence})
    return HttpResponseRedirect(evidence.get_absolute_url())


@csrf_exempt
def version_upload(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        request.upload_handlers = [EvidenceUploadHandler(request)]
    return _version_upload(request, pk)


@csrf_protect
@require_POST
def _version_upload(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = scoped_or_404(request, Evidence.objects.all(), pk)
    permissions.require(
        permissions.can_edit(request.user, evidence), _("Your role cannot edit this.")
    )
    form = VersionUploadForm(data=request.POST, files=request.FILES)
    error = _upload_error(request)
    if error or not form.is_valid():
        discard_staged(request.FILES)
        messages.error(request, error or "Choose a file to upload.")
        return HttpResponseRedirect(evidence.get_absolute_url())
    upload = form.cleaned_data["file"]
    try:
        blob = upload.commit()
    except EmptyEvidence:
        messages.error(request, _("The file is empty; nothing was stored."))
        return HttpResponseRedirect(evidence.get_absolute_url())
    version = add_version(evidence, blob, upload.name, upload.content_type, request.user)
    text = (
        _("Stored version %(number)s of “%(evidence)s”.")
        if blob.created
        else _(
            "Stored version %(number)s of “%(evidence)s” (identical content was already "
            "stored; kept once)."
        )
    )
    messages.success(request, text % {"number": version.number, "evidence": evidence})
    return HttpResponseRedirect(evidence.get_absolute_url())


@permissions.register_readers_only
def version_download(request: HttpRequest, pk: int) -> HttpResponse:
    version = scoped_or_404(request, EvidenceVersion.objects.all(), pk)
    return download_response(version)


@require_POST
def link_add(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = scoped_or_404(request, Evidence.objects.all(), pk)
    permissions.require(
        permissions.can_edit(request.user, evidence), _("Your role cannot edit this.")
    )
    form = EvidenceLinkForm(data=request.POST, user=request.user, evidence=evidence)
    if form.is_valid():
        control = form.cleaned_data["control"]
        EvidenceLink(
            evidence=evidence, control=control, note=form.cleaned_data["note"], owner=request.user
        ).save()
        messages.success(
            request,
            _("Linked “%(evidence)s” to %(control)s.")
            % {"evidence": evidence, "control": control.code},
        )
    else:
        messages.error(request, _("Choose a control of this entity that is not linked yet."))
    return HttpResponseRedirect(evidence.get_absolute_url())


@require_POST
def link_remove(request: HttpRequest, pk: int) -> HttpResponse:
    link = scoped_or_404(request, EvidenceLink.objects.select_related("evidence", "control"), pk)
    permissions.require(
        permissions.can_edit(request.user, link.evidence), _("Your role cannot edit this.")
    )
    evidence = link.evidence
    code = link.control.code
    link.delete()
    messages.success(request, _("Removed the link to %(code)s.") % {"code": code})
    return HttpResponseRedirect(evidence.get_absolute_url())
