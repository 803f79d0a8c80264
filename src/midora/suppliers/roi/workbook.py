"""Excel workbook of the RoI templates for human review (ITS (EU) 2024/2956 Annex I layout)."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook, load_workbook

from midora.core.archives import ArchiveLimitError, ArchiveLimits, check_archive
from midora.core.engine.sentences import Join, Sentence, _, reason
from midora.suppliers.roi.export import formatted_rows, reported_templates
from midora.suppliers.roi.read import column_positions
from midora.suppliers.roi.spec import templates
from midora.suppliers.roi.values import CellFormatError, Register, Value

HEADER_ROWS = 2
"""Row 1: column codes (read back); row 2: labels (for people)."""


class WorkbookError(ValueError):
    """A workbook cell cannot be read back; says sheet, row, column and why (a `Sentence`)."""


def write_workbook(register: Register, target: str | Path | BinaryIO) -> None:
    """One sheet per template (all 15), rows sorted as in the package.

    Amounts are written as their exact decimal text (no float rounding).
    """
    book = Workbook(write_only=True)
    for spec in reported_templates(register):
        sheet = book.create_sheet(spec.code)
        sheet.append(list(spec.column_codes))
        sheet.append([c.label for c in spec.columns])
        types = [c.data_type for c in spec.columns]
        for text_row in formatted_rows(spec, register.get(spec.code, [])):
            sheet.append([_excel_value(t, text) for t, text in zip(types, text_row, strict=True)])
    book.save(target)


def _excel_value(data_type: str, text: str) -> Any:
    if text == "":
        return None
    if data_type == "d":
        return date.fromisoformat(text)
    if data_type == "i":
        return int(text)
    if data_type == "t":
        return text == "true"
    return text  # strings, QNames and amounts (exact decimal text)


def _read_value(data_type: str, value: Any, where: str) -> Value:
    if value is None or value == "":
        return None
    try:
        if data_type == "d":
            if isinstance(value, datetime):
                return value.date()
            if isinstance(value, date):
                return value
            return date.fromisoformat(str(value))
        if data_type == "i":
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise CellFormatError(Sentence(_("%(text)s is not an integer"), text=repr(value)))
            return int(value)
        if data_type == "m":
            return Decimal(str(value))
        if data_type == "t":
            if isinstance(value, bool):
                return value
            if str(value).lower() in ("true", "false"):
                return str(value).lower() == "true"
            raise CellFormatError(Sentence(_("%(text)s is not true or false"), text=repr(value)))
        return str(value)
    except (ValueError, ArithmeticError, CellFormatError) as exc:
        raise WorkbookError(
            Sentence(_("%(where)s: %(reason)s"), where=where, reason=reason(exc))
        ) from exc


def _cell(sheet: str, row: int, column: str) -> Sentence:
    return Sentence(
        _("sheet %(sheet)s row %(row)s %(column)s"), sheet=sheet, row=str(row), column=column
    )


def read_workbook(source: str | Path | BinaryIO, limits: ArchiveLimits | None = None) -> Register:
    """Read a review workbook back into a register (sheets named by template code).

    Columns are found by the codes in row 1, in any order. The file is first checked against
    the archive limits (WorkbookError names the limit).
    """
    try:
        check_archive(source, limits)
    except ArchiveLimitError as exc:
        raise WorkbookError(Sentence(_("refused: %(reason)s"), reason=reason(exc))) from exc
    except (OSError, zipfile.BadZipFile) as exc:
        raise WorkbookError(
            Sentence(_("not a readable Excel (.xlsx) workbook (%(error)s)"), error=str(exc))
        ) from exc
    book = load_workbook(source, read_only=True, data_only=True)
    specs = templates()
    register: Register = {}
    try:
        for sheet in book.worksheets:
            if sheet.title not in specs:
                raise WorkbookError(
                    Sentence(
                        _("sheet %(sheet)s: not an RoI template code"), sheet=repr(sheet.title)
                    )
                )
            spec = specs[sheet.title]
            rows = sheet.iter_rows(values_only=True)
            header = [str(c) if c is not None else "" for c in next(rows, ())]
            while header and header[-1] == "":
                header.pop()
            positions, problems = column_positions(header, spec.column_codes)
            if problems:
                raise WorkbookError(
                    Sentence(
                        _("sheet %(sheet)s row 1: %(problems)s"),
                        sheet=spec.code,
                        problems=Join("; ", tuple(problems)),
                    )
                )
            next(rows, None)
            columns = [(c.code, c.data_type, positions[c.code]) for c in spec.columns]
            out = register.setdefault(spec.code, [])
            for number, values in enumerate(rows, start=HEADER_ROWS + 1):
                values = tuple(values) + (None,) * (len(header) - len(values))
                if all(v is None for v in values):
                    continue
                out.append(
                    {
                        code: _read_value(t, values[i], _cell(spec.code, number, code))
                        for code, t, i in columns
                    }
                )
    finally:
        book.close()
    return register
