"""A Django upload handler that streams evidence files straight into the evidence store.

Each chunk is hashed and written to a temporary file in the store as it arrives; past the size
limit the upload stops at once (the rest of the request body is discarded, not kept), and the view
reads the reason from `request.evidence_upload_error`.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers, StopUpload
from django.utils.translation import gettext

from midora.compliance.evidence_store import (
    BlobWriter,
    EvidenceTooLarge,
    StoredBlob,
    format_size,
)


class StagedEvidence(UploadedFile):
    """An upload already written (and hashed) into the store's temporary area."""

    def __init__(self, writer: BlobWriter, name: str, content_type: str, size: int) -> None:
        super().__init__(file=None, name=name, content_type=content_type, size=size)
        self.writer = writer

    def commit(self) -> StoredBlob:
        return self.writer.commit()

    def discard(self) -> None:
        self.writer.abort()

    def close(self) -> None:  # nothing open but the writer, which commit/discard closes
        return None


class EvidenceUploadHandler(FileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.writer = BlobWriter()
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        try:
            self.writer.write(raw_data)
        except EvidenceTooLarge as exc:
            self.request.evidence_upload_error = gettext(
                "The file is larger than the evidence size limit of %(limit)s "
                "(MIDORA_EVIDENCE_MAX_MB); nothing was stored."
            ) % {"limit": format_size(exc.limit)}
            raise StopUpload(connection_reset=False) from exc
        return None

    def file_complete(self, file_size: int) -> StagedEvidence:
        return StagedEvidence(self.writer, self.file_name, self.content_type or "", file_size)

    def upload_interrupted(self) -> None:
        writer = getattr(self, "writer", None)
        if writer is not None:
            writer.abort()


def discard_staged(files: Any) -> None:
    """Remove the temporary files of uploads that were not committed (e.g. an invalid form)."""
    for upload in files.values() if files else ():
        if isinstance(upload, StagedEvidence):
            upload.discard()
