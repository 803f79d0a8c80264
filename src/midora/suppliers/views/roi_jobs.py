"""The Register of Information's long work started from its page as background jobs: the page of
the job shows its progress (htmx polling) and links the package, the findings or the register."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from midora.core import permissions
from midora.jobs.files import save_upload
from midora.jobs.runner import create_job, enqueue_job, start_job
from midora.suppliers import tasks
from midora.suppliers.views.roi import MAX_UPLOAD, register_request

UPLOAD_SUFFIXES = {".zip", ".xlsx"}


def can_import(user) -> bool:
    """An import may create legal entities and providers of any entity: administrators only."""
    return permissions.sees_all_entities(user)


def _scope(request: HttpRequest):
    entity, reference, level, _entities = register_request(request)
    if entity is None:
        raise Http404("No legal entity in your scope.")
    return entity, reference, level


@require_POST
def export_job(request: HttpRequest) -> HttpResponse:
    entity, reference, level = _scope(request)
    force = request.POST.get("force") == "1"
    job = start_job(
        "roi.export",
        (_("RoI package %(register)s (forced)") if force else _("RoI package %(register)s"))
        % {"register": f"{entity.lei}.{level} {reference.isoformat()}"},
        request.user,
        tasks.export_roi,
        entity_id=entity.pk,
        reference=reference.isoformat(),
        level=level,
        force=force,
    )
    return HttpResponseRedirect(job.get_absolute_url())


@require_POST
def validate_job(request: HttpRequest) -> HttpResponse:
    entity, reference, level = _scope(request)
    job = start_job(
        "roi.validate",
        _("RoI validation %(register)s")
        % {"register": f"{entity.lei}.{level} {reference.isoformat()}"},
        request.user,
        tasks.validate_roi,
        entity_id=entity.pk,
        reference=reference.isoformat(),
        level=level,
    )
    return HttpResponseRedirect(job.get_absolute_url())


def _upload_error(upload, suffixes: set[str]) -> str:
    if upload is None:
        return _("Choose a file to upload.")
    name = upload.name or ""
    if not any(name.lower().endswith(s) for s in suffixes):
        return _("%(name)s: expected %(suffixes)s.") % {
            "name": name,
            "suffixes": _(" or ").join(sorted(suffixes)),
        }
    if upload.size > MAX_UPLOAD:
        return _("%(name)s: %(size)s bytes is more than the %(limit)s bytes accepted.") % {
            "name": name,
            "size": upload.size,
            "limit": MAX_UPLOAD,
        }
    return ""


def _refuse(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "suppliers/roi_job_refused.html", {"message": message}, status=422)


@require_POST
@permissions.register_readers_only
def check_job(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("package")
    problem = _upload_error(upload, {".zip"})
    if problem:
        return _refuse(request, problem)
    job = create_job(
        "roi.check", _("RoI package check %(name)s") % {"name": upload.name}, request.user
    )
    path = save_upload(job.pk, upload)
    enqueue_job(job, tasks.check_roi_package, path=str(path))
    return HttpResponseRedirect(job.get_absolute_url())


@require_POST
def import_job(request: HttpRequest) -> HttpResponse:
    permissions.require(
        can_import(request.user),
        _("Only an administrator imports a register (it may create entities)."),
    )
    upload = request.FILES.get("package")
    problem = _upload_error(upload, UPLOAD_SUFFIXES)
    if problem:
        return _refuse(request, problem)
    job = create_job("roi.import", _("RoI import %(name)s") % {"name": upload.name}, request.user)
    path = save_upload(job.pk, upload)
    enqueue_job(job, tasks.import_roi, user_id=request.user.pk, path=str(path))
    return HttpResponseRedirect(job.get_absolute_url())
