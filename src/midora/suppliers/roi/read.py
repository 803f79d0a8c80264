"""Read an RoI xBRL-CSV report package back into a register (EBA DORA taxonomy 4.0 layout)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from midora.core.archives import ArchiveLimitError, ArchiveLimits, BoundedZip, open_zip
from midora.core.engine.sentences import Sentence, _
from midora.suppliers.roi.findings import (
    ERROR,
    FINDINGS_PER_RULE,
    FORMAT,
    PACKAGE,
    TECHNICAL,
    Finding,
    FindingCollector,
    reason,
)
from midora.suppliers.roi.package import (
    FILING_INDICATORS_CSV,
    PARAMETERS_CSV,
    REPORT_JSON,
    REPORT_PACKAGE_JSON,
    REPORT_PACKAGE_TYPE,
    REPORTS_DIR,
    XBRL_CSV_TYPE,
    PackageNameError,
    parse_package_name,
)
from midora.suppliers.roi.spec import TemplateSpec, module_info, template_by_file, templates
from midora.suppliers.roi.values import CellFormatError, Register, parse_value

FORMAT_RULES = {
    "s": "FMT-TEXT",
    "e": "FMT-QNAME",
    "d": "FMT-DATE",
    "m": "FMT-MONETARY",
    "i": "FMT-INTEGER",
    "t": "FMT-BOOLEAN",
}
OPTIONAL_FILES = ("reports/FootNotes.csv",)
ROW_WIDTH = _("row has %(fields)s fields, header %(header)s")


class PackageReadError(ValueError):
    """The package cannot be read; ``findings`` says file, row, column and why for each problem."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        shown = "; ".join(str(f) for f in findings[:5])
        more = f" (and {len(findings) - 5} more)" if len(findings) > 5 else ""
        super().__init__(f"cannot read RoI package: {shown}{more}")


@dataclass
class ReportPackage:
    """A package as read: its name, report-level files and the typed register."""

    name: str
    parameters: dict[str, str] = field(default_factory=dict)
    filing_indicators: dict[str, bool] = field(default_factory=dict)
    register: Register = field(default_factory=dict)
    files: tuple[str, ...] = ()


def _finding(
    rule: str,
    where: str,
    message: str,
    *,
    row: int | None = None,
    column: str = "",
    value: str = "",
    row_key: str = "",
    severity: str = ERROR,
    category: str = PACKAGE,
) -> Finding:
    return Finding(rule, severity, where, row_key, column, value, message, row, category)


def limit_finding(where: str, exc: ArchiveLimitError) -> Finding:
    """The refusal of an archive that breaks a size limit."""
    return _finding("PKG-LIMIT", where, reason(exc))


class _Reader:
    """Collects findings while walking one archive."""

    def __init__(
        self, archive: BoundedZip, zip_name: str | None, collector: FindingCollector
    ) -> None:
        self.archive = archive
        self.zip_name = zip_name
        self.collector = collector
        self.root = ""

    def add(self, *args: object, **kwargs: object) -> None:
        self.collector.add(_finding(*args, **kwargs))  # type: ignore[arg-type]

    def text_lines(self, relative: str) -> Iterator[list[str]] | None:
        """CSV rows of a UTF-8 file (byte-order mark optional, CRLF or LF), streamed."""
        try:
            raw = self.archive.open(self.root + relative)
        except KeyError:
            return None
        stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        return self._rows(relative, stream)

    def _rows(self, relative: str, stream: io.TextIOWrapper) -> Iterator[list[str]]:
        try:
            for row in csv.reader(stream, strict=True):
                if row:  # a blank line is not a row
                    yield row
        except UnicodeDecodeError as exc:
            self.add(
                "PKG-UTF8",
                relative,
                Sentence(
                    _("not UTF-8 (%(reason)s at byte %(byte)s)"), reason=exc.reason, byte=exc.start
                ),
            )
        except csv.Error as exc:
            self.add("PKG-CSV", relative, Sentence(_("malformed CSV: %(error)s"), error=str(exc)))
        finally:
            stream.close()


def _open(
    source: str | Path | BinaryIO, limits: ArchiveLimits | None
) -> tuple[BoundedZip, str | None]:
    zip_name = Path(source).name if isinstance(source, str | Path) else None
    where = zip_name or "<package>"
    try:
        return open_zip(source, limits), zip_name
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackageReadError(
            [
                _finding(
                    "PKG-ZIP",
                    where,
                    Sentence(_("not a readable zip file (%(error)s)"), error=str(exc)),
                )
            ]
        ) from exc
    except ArchiveLimitError as exc:
        raise PackageReadError([limit_finding(where, exc)]) from exc


def _check_root(reader: _Reader, names: list[str]) -> None:
    roots = {n.split("/", 1)[0] for n in names}
    if len(roots) != 1 or any("/" not in n for n in names):
        reader.add(
            "PKG-ROOT",
            "<package>",
            Sentence(_("the zip must hold exactly one top-level folder")),
            value=",".join(sorted(roots)),
        )
        raise PackageReadError(reader.collector.result())
    root = roots.pop()
    reader.root = root + "/"
    try:
        parse_package_name(root)
    except PackageNameError as exc:
        reader.add("PKG-NAME", "<package>", reason(exc), value=root)
    if reader.zip_name is not None and reader.zip_name != f"{root}.zip":
        reader.add(
            "PKG-ROOT",
            "<package>",
            Sentence(_("zip file name must be the top-level folder + .zip")),
            value=reader.zip_name,
        )


def _read_json(reader: _Reader, relative: str, rule: str, expected_type: str) -> dict | None:
    try:
        payload = json.loads(reader.archive.read(reader.root + relative).decode("utf-8"))
    except KeyError:
        reader.add(rule, relative, Sentence(_("required file is missing")))
        return None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        reader.add(rule, relative, Sentence(_("not valid UTF-8 JSON (%(error)s)"), error=str(exc)))
        return None
    info = payload.get("documentInfo", {}) if isinstance(payload, dict) else {}
    doc_type = info.get("documentType") if isinstance(info, dict) else None
    if doc_type != expected_type:
        reader.add(
            rule,
            relative,
            Sentence(_("documentInfo.documentType must be %(type)s"), type=expected_type),
            value=str(doc_type),
        )
    return payload if isinstance(payload, dict) else None


def _read_report_json(reader: _Reader) -> None:
    _read_json(reader, REPORT_PACKAGE_JSON, "PKG-META", REPORT_PACKAGE_TYPE)
    report = _read_json(reader, REPORT_JSON, "PKG-REPORT", XBRL_CSV_TYPE)
    if report is not None:
        extends = report.get("documentInfo", {}).get("extends")
        if extends != [module_info().module_url]:
            reader.add(
                "PKG-REPORT",
                REPORT_JSON,
                Sentence(_("documentInfo.extends must be [%(url)s]"), url=module_info().module_url),
                value=json.dumps(extends),
            )


def column_positions(
    header: list[str], expected: tuple[str, ...]
) -> tuple[dict[str, int], list[str]]:
    """Where each expected column is in ``header``, and the problems (missing, unknown, twice).

    xBRL-CSV identifies a column by its header, so any order is accepted.
    """
    positions: dict[str, int] = {}
    problems: list[str] = []
    for index, name in enumerate(header):
        if name in positions:
            problems.append(Sentence(_("column %(name)s appears twice"), name=name))
        elif name not in expected:
            problems.append(
                Sentence(
                    _("unknown column %(name)s (columns: %(columns)s)"),
                    name=repr(name),
                    columns=",".join(expected),
                )
            )
        else:
            positions[name] = index
    problems.extend(
        Sentence(_("missing column %(code)s"), code=code)
        for code in expected
        if code not in positions
    )
    return positions, problems


def _read_pairs(
    reader: _Reader, relative: str, rule: str, header: tuple[str, str], *, category: str = PACKAGE
) -> list[tuple[str, str]]:
    rows = reader.text_lines(relative)
    if rows is None:
        reader.add(rule, relative, Sentence(_("required file is missing")), category=category)
        return []
    found = next(rows, None) or []
    positions, problems = column_positions(found, header)
    for problem in problems:
        reader.add(rule, relative, problem, row=0, value=",".join(found), category=category)
    if problems:
        return []
    first, second = (positions[name] for name in header)
    result = []
    for number, row in enumerate(rows, start=1):
        if len(row) != len(found):
            reader.add(
                rule,
                relative,
                Sentence(ROW_WIDTH, fields=len(row), header=len(found)),
                row=number,
                value=",".join(row),
                category=category,
            )
            continue
        result.append((row[first], row[second]))
    return result


def _read_parameters(reader: _Reader, package: ReportPackage) -> None:
    for name, value in _read_pairs(reader, PARAMETERS_CSV, "PKG-PARAM", ("name", "value")):
        if name in package.parameters:
            reader.add(
                "PKG-PARAM", PARAMETERS_CSV, Sentence(_("parameter given twice")), column=name
            )
        package.parameters[name] = value


def _filing(reader: _Reader, message: Sentence, **kwargs: object) -> None:
    """Technical check 808: filing indicators consistent with the reported tables."""
    reader.add("808", FILING_INDICATORS_CSV, message, category=TECHNICAL, **kwargs)


def _read_filing_indicators(reader: _Reader, package: ReportPackage) -> None:
    rows = _read_pairs(
        reader, FILING_INDICATORS_CSV, "808", ("templateID", "reported"), category=TECHNICAL
    )
    for number, (code, reported) in enumerate(rows, start=1):
        problem = None
        if code not in templates():
            problem = _("unknown template")
        elif code in package.filing_indicators:
            problem = _("template indicated twice")
        if problem:
            _filing(reader, Sentence(problem), row=number, column="templateID", value=code)
        if reported not in ("true", "false"):
            _filing(
                reader,
                Sentence(_("reported must be true or false")),
                row=number,
                column="reported",
                value=reported,
            )
        package.filing_indicators[code] = reported == "true"


def read_table(reader: _Reader, spec: TemplateSpec, register: Register) -> None:
    """Parse one template CSV into typed rows, mapping columns by header name.

    Cells that fail to parse are reported and kept as None.
    """
    relative = REPORTS_DIR + spec.file_name
    rows = reader.text_lines(relative)
    if rows is None:
        return
    header = next(rows, None)
    if header is None:
        reader.add(
            "HDR-COLUMNS",
            spec.code,
            Sentence(_("the file is empty: the header row is missing")),
            row=0,
        )
        return
    positions, problems = column_positions(header, spec.column_codes)
    for problem in problems:
        reader.add("HDR-COLUMNS", spec.code, problem, row=0, value=",".join(header))
    if problems:
        for _row in rows:  # drain, so decoding errors are still reported
            pass
        return
    columns = [(c.code, c.data_type, positions[c.code]) for c in spec.columns]
    key_idx = [positions[k] for k in spec.primary_key]
    width = len(header)
    out = register.setdefault(spec.code, [])
    for number, cells in enumerate(rows, start=1):
        if len(cells) != width:
            reader.add(
                "HDR-WIDTH",
                spec.code,
                Sentence(ROW_WIDTH, fields=len(cells), header=width),
                row=number,
            )
            continue
        row = {}
        for code, data_type, index in columns:
            text = cells[index]
            try:
                row[code] = parse_value(data_type, text)
            except CellFormatError as exc:
                row[code] = None
                reader.add(
                    FORMAT_RULES[data_type],
                    spec.code,
                    reason(exc),
                    row=number,
                    column=code,
                    value=text,
                    row_key="|".join(cells[i] for i in key_idx),
                    category=FORMAT,
                )
        out.append(row)


def _check_files(reader: _Reader, package: ReportPackage, names: list[str]) -> None:
    expected = {
        REPORT_PACKAGE_JSON,
        REPORT_JSON,
        PARAMETERS_CSV,
        FILING_INDICATORS_CSV,
        *OPTIONAL_FILES,
    }
    tables = {REPORTS_DIR + s.file_name: s for s in templates().values()}
    for name in names:
        relative = name[len(reader.root) :]
        if not relative or relative.endswith("/"):
            continue
        if relative not in tables and relative not in expected:
            reader.add("PKG-FILE", relative, Sentence(_("unexpected file in the package")))
    for code, reported in package.filing_indicators.items():
        spec = templates().get(code)
        if reported and spec and reader.root + REPORTS_DIR + spec.file_name not in names:
            _filing(
                reader,
                Sentence(_("template indicated as reported but its CSV is missing")),
                value=code,
            )


def _check_indicated(reader: _Reader, package: ReportPackage) -> None:
    """Technical check 808: a table with rows must be indicated as reported."""
    for code, rows in package.register.items():
        if rows and not package.filing_indicators.get(code):
            _filing(
                reader,
                Sentence(
                    _("%(table)s has %(count)s row(s) but is not indicated as reported (true)"),
                    table=code,
                    count=len(rows),
                ),
                value=code,
            )


def load_package(
    source: str | Path | BinaryIO,
    limits: ArchiveLimits | None = None,
    per_rule: int = FINDINGS_PER_RULE,
    collector: FindingCollector | None = None,
) -> tuple[ReportPackage, list[Finding]]:
    """Read everything readable and return it with every problem found (lenient).

    Findings go to ``collector`` when given (at most ``per_rule`` kept per rule). Raises
    PackageReadError when the archive cannot be opened or breaks a size limit (nothing of it
    is kept).
    """
    archive, zip_name = _open(source, limits)
    with archive:
        reader = _Reader(archive, zip_name, collector or FindingCollector(per_rule))
        names = [info.filename for info in archive.infolist()]
        _check_root(reader, names)
        package = ReportPackage(name=reader.root.rstrip("/"), files=tuple(names))
        try:
            _read_report_json(reader)
            _read_parameters(reader, package)
            _read_filing_indicators(reader, package)
            _check_files(reader, package, names)
            for name in names:
                spec = template_by_file(name[len(reader.root) + len(REPORTS_DIR) :])
                if spec and name == reader.root + REPORTS_DIR + spec.file_name:
                    read_table(reader, spec, package.register)
        except ArchiveLimitError as exc:
            package.register.clear()
            raise PackageReadError([limit_finding(zip_name or package.name, exc)]) from exc
        except zipfile.BadZipFile as exc:
            package.register.clear()
            raise PackageReadError(
                [
                    _finding(
                        "PKG-ZIP",
                        zip_name or package.name,
                        Sentence(_("damaged zip file (%(error)s)"), error=str(exc)),
                    )
                ]
            ) from exc
        _check_indicated(reader, package)
    return package, reader.collector.result()


def read_package(
    source: str | Path | BinaryIO, limits: ArchiveLimits | None = None
) -> ReportPackage:
    """Read a package (zip path or binary file); PackageReadError lists every error."""
    package, findings = load_package(source, limits)
    errors = [f for f in findings if f.severity == ERROR]
    if errors:
        raise PackageReadError(errors)
    return package
