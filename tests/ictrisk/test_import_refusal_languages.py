"""A risk workbook refused for the archive limits: the import page gives the row, the column and
the reason, the limit's wording in the reader's language."""

from __future__ import annotations

import io
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from midora.ictrisk.models import Risk
from tests.core.bombs import with_filler

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "refused: filler.bin expands beyond 4 MB (limit per file in an archive)"),
        (
            "de",
            "abgelehnt: filler.bin wird entpackt größer als 4 MB (Grenze je Datei in einem Archiv)",
        ),
        (
            "fr",
            "refusé : filler.bin dépasse 4 MB une fois décompressé "
            "(limite par fichier d'une archive)",
        ),
    ],
)
def test_archive_limit_refusal_in_the_readers_language(
    settings, compliance_user, client_for, language, said
) -> None:
    settings.MIDORA_ARCHIVE_MEMBER_MAX_BYTES = 4 * MB
    book = io.BytesIO()
    Workbook().save(book)
    response = client_for(compliance_user).post(
        "/ict-risk/risks/import/",
        {"file": SimpleUploadedFile("risks.xlsx", with_filler(book.getvalue(), 6 * MB))},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200 and Risk.objects.count() == 0
    page = unescape(response.content.decode())
    start = page.index('id="import-errors"')
    errors = page[start : page.index("</table>", start)]
    assert f"<td>1</td><td>-</td><td>{said}</td>" in errors  # row 1, no column
    if language != "en":
        assert "expands beyond" not in errors
