"""CSV and Excel exports of a register, honouring the list's filters and the user's scope."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from typing import IO

from django.db import models
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import capfirst
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from midora.core.register_framework import Register, as_text, export_value, neutralise_formula

CSV_CHUNK = 1000


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(register: Register, queryset: models.QuerySet) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(["id", *[str(c.label) for c in register.columns]])
    for obj in (
        queryset.iterator(chunk_size=CSV_CHUNK) if not register.prefetch_related else queryset
    ):
        yield writer.writerow([obj.pk, *[_csv_text(c.value(obj)) for c in register.columns]])


def _csv_text(value: object) -> str:
    text = as_text(value)
    return "" if text == "—" else neutralise_formula(text)


EXCLUDED_FIELDS = {"id", "version"}


def extra_fields(register: Register) -> list[models.Field]:
    """The record's own fields that its list does not show: an Excel export carries them all."""
    shown = {c.accessor.split(".")[0] for c in register.columns}
    return [
        f
        for f in register.model._meta.concrete_fields
        if f.name not in shown and f.name not in EXCLUDED_FIELDS and not f.name.endswith("_hash")
    ]


def field_value(obj: models.Model, field: models.Field) -> object:
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    if field.is_relation:
        return getattr(obj, field.name)
    return getattr(obj, field.attname)


def excel_workbook(register: Register, queryset: models.QuerySet) -> Workbook:
    """The register as a worksheet: every field, typed cells (numbers, dates), the header row
    frozen and filters on every column."""
    fields = extra_fields(register)
    relations = [f.name for f in fields if f.is_relation]
    if relations:
        queryset = queryset.select_related(*relations)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = register.verbose_name_plural[:31]
    header = [
        "id",
        *[str(c.label) for c in register.columns],
        *[str(capfirst(f.verbose_name)) for f in fields],
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for obj in queryset:
        sheet.append(
            [
                obj.pk,
                *[export_value(c.value(obj)) for c in register.columns],
                *[export_value(field_value(obj, f)) for f in fields],
            ]
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{sheet.max_row}"
    for index, label in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(len(label) + 4, 12), 40)
    return workbook


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(content: bytes | str, filename: str, content_type: str = XLSX) -> HttpResponse:
    """A file the browser saves under ``filename`` (an Excel workbook unless told otherwise)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def workbook_download(write: Callable[[IO[bytes]], object], filename: str) -> HttpResponse:
    """The Excel workbook ``write`` saves to the buffer it is given, as a download."""
    buffer = io.BytesIO()
    write(buffer)
    return download(buffer.getvalue(), filename)


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
        return workbook_download(
            excel_workbook(register, queryset).save, export_filename(register, "xlsx")
        )
    return HttpResponse(
        f"Unknown export format {fmt!r}: use csv or xlsx.", status=400, content_type="text/plain"
    )
