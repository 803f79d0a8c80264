"""Evidence versions and downloads on top of the content-addressed store."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.http import FileResponse, Http404

from midora.compliance.evidence_store import StoredBlob, blob_path, sanitise_filename
from midora.compliance.models import Evidence, EvidenceVersion

# Served types a browser would render or run; downloads always go out as octet-stream anyway.
SAFE_CSP = "default-src 'none'; sandbox"


@transaction.atomic
def add_version(
    evidence: Evidence,
    blob: StoredBlob,
    original_name: str,
    content_type: str = "",
    user: Any = None,
) -> EvidenceVersion:
    """Record a stored file as the next version of an evidence item (old versions stay)."""
    Evidence.objects.select_for_update().filter(pk=evidence.pk).first()
    number = (evidence.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    name = sanitise_filename(original_name)
    guessed = mimetypes.guess_type(name)[0] or ""
    version = EvidenceVersion(
        evidence=evidence,
        number=number,
        sha256=blob.sha256,
        size=blob.size,
        original_name=name,
        content_type=(content_type or guessed)[:100],
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        owner=user if getattr(user, "is_authenticated", False) else None,
    )
    version.save()
    return version


def download_response(version: EvidenceVersion) -> FileResponse:
    """The stored file as an attachment: never rendered inline, never sniffed."""
    path = blob_path(version.sha256)
    if not path.is_file():
        raise Http404("The stored file is missing; run `midora evidence verify`.")
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115 - FileResponse closes it
        as_attachment=True,
        filename=sanitise_filename(version.original_name),
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SAFE_CSP
    response["Cache-Control"] = "private, no-store"
    return response
