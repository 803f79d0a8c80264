"""A job's page and the fragment the page polls (htmx) until the job has finished."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from midora.core import permissions
from midora.jobs.files import result_file
from midora.jobs.models import Job


def visible_jobs(user) -> object:
    jobs = Job.objects.all()
    return jobs if permissions.sees_all_entities(user) else jobs.filter(requested_by=user)


def _job(request: HttpRequest, pk: int) -> Job:
    job = visible_jobs(request.user).filter(pk=pk).first() if pk < 2**63 else None
    if job is None:
        raise Http404("No job with that id of yours.")
    return job


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "jobs/index.html", {"jobs": visible_jobs(request.user)[:50]})


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "jobs/detail.html", {"job": _job(request, pk)})


def status(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "jobs/status.html", {"job": _job(request, pk)})


def download(request: HttpRequest, pk: int) -> FileResponse:
    """The file a finished job produced (an RoI package, a findings list ...)."""
    job = _job(request, pk)
    path = result_file(job.pk) if job.status == Job.Status.DONE else None
    if path is None:
        raise Http404("This job has no file to download.")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
