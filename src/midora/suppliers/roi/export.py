"""Write the RoI xBRL-CSV report package (DORA Art. 28(3); ITS (EU) 2024/2956; EBA taxonomy 4.0)."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from midora.suppliers.roi.package import (
    FILING_INDICATORS_CSV,
    PARAMETERS_CSV,
    REPORT_JSON,
    REPORT_PACKAGE_JSON,
    REPORT_PACKAGE_TYPE,
    REPORTS_DIR,
    XBRL_CSV_TYPE,
    PackageName,
    ReportParameters,
    package_name,
)
from midora.suppliers.roi.spec import TemplateSpec, module_info, templates
from midora.suppliers.roi.values import CellFormatError, Register, Value, format_value

ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
"""Fixed entry time: the package bytes depend only on the data and the name."""


class ExportError(ValueError):
    """A register value cannot be exported; says template, row, column and why."""

    def __init__(self, template: str, row: int | None, column: str, reason: str) -> None:
        self.template, self.row, self.column, self.reason = template, row, column, reason
        where = (
            template + (f" row {row}" if row is not None else "") + (f" {column}" if column else "")
        )
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class _Column:
    code: str
    data_type: str
    formatter: Callable[[Value], str]


def _fail(expected: str, value: Value) -> CellFormatError:
    return CellFormatError(f"expected {expected}, got {type(value).__name__} {value!r}")


def _text(value: Value) -> str:
    if value is None:
        return ""
    if type(value) is not str:
        raise _fail("text", value)
    return value


def _date(value: Value) -> str:
    if value is None:
        return ""
    if type(value) is not date:
        raise _fail("a date", value)
    return value.isoformat()


def _integer(value: Value) -> str:
    if value is None:
        return ""
    if type(value) is not int:
        raise _fail("an integer", value)
    return str(value)


def _flag(value: Value) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    raise _fail("true/false", value)


def _formatter(data_type: str) -> Callable[[Value], str]:
    fast = {"s": _text, "e": _text, "d": _date, "i": _integer, "t": _flag}
    return fast.get(data_type) or (lambda value: format_value(data_type, value))


def _sort_key(spec: TemplateSpec) -> Callable[[list[str]], Any]:
    """Primary key columns (integers compared as numbers), then the whole row."""
    positions = [spec.column_codes.index(code) for code in spec.primary_key]
    if not positions:
        return lambda row: row
    numeric = [i for i in positions if spec.columns[i].data_type == "i"]
    if not numeric:
        return lambda row: ([row[i] for i in positions], row)
    return lambda row: (
        [row[i].rjust(20, "0") if i in numeric else row[i] for i in positions],
        row,
    )


def formatted_rows(spec: TemplateSpec, rows: list[dict[str, Value]]) -> list[list[str]]:
    """Rows of one template as CSV text, sorted by primary key (then whole row)."""
    columns = [_Column(c.code, c.data_type, _formatter(c.data_type)) for c in spec.columns]
    allowed = frozenset(spec.column_codes)
    out: list[list[str]] = []
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise ExportError(spec.code, index, "", f"row must be a dict, not {type(row).__name__}")
        extra = row.keys() - allowed
        if extra:
            raise ExportError(spec.code, index, ",".join(sorted(extra)), "unknown column(s)")
        try:
            out.append([c.formatter(row.get(c.code)) for c in columns])
        except CellFormatError as exc:
            bad = _find_bad_column(columns, row)
            raise ExportError(spec.code, index, bad, str(exc)) from exc
    out.sort(key=_sort_key(spec))
    return out


def _find_bad_column(columns: list[_Column], row: dict[str, Value]) -> str:
    for column in columns:
        try:
            column.formatter(row.get(column.code))
        except CellFormatError:
            return column.code
    return ""


def _write_csv(
    archive: zipfile.ZipFile, name: str, header: Iterable[str], rows: Iterable[Iterable[str]]
) -> None:
    info = zipfile.ZipInfo(name, ZIP_DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(list(header))
        writer.writerows(rows)


def _write_json(archive: zipfile.ZipFile, name: str, payload: dict[str, Any]) -> None:
    info = zipfile.ZipInfo(name, ZIP_DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, json.dumps(payload, indent=4, sort_keys=True))


def reported_templates(register: Register) -> list[TemplateSpec]:
    """All 15 templates in taxonomy order (the EBA files each one, empty ones as a header row);
    unknown codes are an ExportError."""
    specs = templates()
    unknown = sorted(set(register) - set(specs))
    if unknown:
        raise ExportError(",".join(unknown), None, "", "unknown template code(s)")
    return list(specs.values())


def _entries(register: Register) -> Iterator[tuple[TemplateSpec, list[list[str]]]]:
    for spec in reported_templates(register):
        yield spec, formatted_rows(spec, register.get(spec.code, []))


def write_package(
    register: Register, params: ReportParameters, out: BinaryIO, name: PackageName
) -> None:
    """Write the zip for ``register`` to the binary file ``out`` under root folder ``name``."""
    root = f"{name}/"
    specs = reported_templates(register)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _write_json(
            archive,
            root + REPORT_PACKAGE_JSON,
            {"documentInfo": {"documentType": REPORT_PACKAGE_TYPE}},
        )
        _write_json(
            archive,
            root + REPORT_JSON,
            {
                "documentInfo": {
                    "documentType": XBRL_CSV_TYPE,
                    "extends": [module_info().module_url],
                }
            },
        )
        _write_csv(archive, root + PARAMETERS_CSV, ("name", "value"), params.parameter_rows())
        _write_csv(
            archive,
            root + FILING_INDICATORS_CSV,
            ("templateID", "reported"),
            ((spec.code, "true") for spec in specs),
        )
        for spec, rows in _entries(register):
            _write_csv(archive, root + REPORTS_DIR + spec.file_name, spec.column_codes, rows)


def export_package(
    register: Register,
    params: ReportParameters,
    target: str | Path | BinaryIO,
    *,
    moment: datetime | None = None,
) -> PackageName:
    """Export ``register`` as ``<name>.zip`` into directory ``target`` or to a binary file.

    Writing to a directory goes through a temporary file renamed at the end, so a failed export
    leaves nothing behind.
    """
    name = package_name(params, moment or datetime.now(UTC))
    if isinstance(target, str | Path):
        directory = Path(target)
        if not directory.is_dir():
            raise ExportError("", None, "", f"{directory} is not a directory")
        fd, tmp = tempfile.mkstemp(prefix=".roi-", suffix=".zip", dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                write_package(register, params, handle, name)
            os.replace(tmp, directory / f"{name}.zip")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    else:
        write_package(register, params, target, name)
    return name
