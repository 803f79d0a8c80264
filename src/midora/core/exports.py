"""CSV and Excel exports of a register, honouring the list's filters and the user's scope."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.db import models
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

from midora.core.register_framework import Register, as_text, export_value, neutralise_formula

CSV_CHUNK = 1000


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(register: Register, queryset: models.QuerySet) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(["id", *[c.label for c in register.columns]])
    for obj in (
        queryset.iterator(chunk_size=CSV_CHUNK) if not register.prefetch_related else queryset
    ):
        yield writer.writerow([obj.pk, *[_csv_text(c.value(obj)) for c in register.columns]])


def _csv_text(value: object) -> str:
    text = as_text(value)
    return "" if text == "—" else neutralise_formula(text)


def export_filename(register: Register, extension: str) -> str:
    return f"midora-{register.slug}-{timezone.localdate().isoformat()}.{extension}"


def export_response(register: Register, queryset: models.QuerySet, fmt: str) -> HttpResponse:
    """The register as a CSV (streamed) or Excel download; any other format is a 400."""
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv_rows(register, queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{export_filename(register, "csv")}"'
        )
        return response
    if fmt == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=register.verbose_name_plural[:31])
        sheet.append(["id", *[c.label for c in register.columns]])
        for obj in queryset:
            sheet.append([obj.pk, *[export_value(c.value(obj)) for c in register.columns]])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{export_filename(register, "xlsx")}"'
        )
        return response
    return HttpResponse(
        f"Unknown export format {fmt!r}: use csv or xlsx.", status=400, content_type="text/plain"
    )
