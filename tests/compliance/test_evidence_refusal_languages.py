"""The evidence form refuses a file over the size limit on its file field, in the reader's
language, naming the limit."""

from __future__ import annotations

from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from midora.compliance.models import Evidence
from tests.compliance.test_evidence_upload import _fields

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "en",
            "The file is larger than the evidence size limit of 1.0 MB (MIDORA_EVIDENCE_MAX_MB); "
            "nothing was stored.",
        ),
        (
            "de",
            "Die Datei ist größer als die Größengrenze für Nachweise von 1.0 MB "
            "(MIDORA_EVIDENCE_MAX_MB); nichts wurde gespeichert.",
        ),
        (
            "fr",
            "Le fichier dépasse la taille maximale des preuves de 1.0 MB (MIDORA_EVIDENCE_MAX_MB) "
            "; rien n'a été enregistré.",
        ),
    ],
)
def test_oversize_file_refused_on_its_field_in_the_readers_language(
    settings, entity, compliance_user, client_for, language, message
) -> None:
    settings.MIDORA_EVIDENCE_MAX_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("big.bin", b"x" * (1024 * 1024 + 1))
    response = client_for(compliance_user).post(
        "/compliance/evidence/add/",
        {**_fields(entity), "file": upload},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 422 and not Evidence.objects.exists()
    page = unescape(response.content.decode())
    assert message in page
    if language != "en":
        assert "larger than the evidence size limit" not in page
