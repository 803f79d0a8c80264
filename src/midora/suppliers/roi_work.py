"""The long Register of Information operations, step by step with their progress: export, validate
and import. The command line shows the steps as a progress bar, a background job on its page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from midora.core.engine.sentences import Sentence, _
from midora.core.progress import Progress, report


@dataclass
class ExportOutcome:
    built: Any
    findings: list[Any]
    path: Path | None  # the package written; None when refused for blocking errors

    @property
    def rows(self) -> int:
        return sum(len(r) for r in self.built.register.values())


def export_register(
    entity: Any,
    reference: dt.date,
    level: str,
    target: Path,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> ExportOutcome:
    """Build the register from the records, validate it, and write the xBRL-CSV package into
    the folder `target` unless blocking errors remain (and `force` is not given)."""
    from midora.suppliers.roi.export import export_package
    from midora.suppliers.roi.validate import blocking, validate_register
    from midora.suppliers.roi_rows import build_register

    report(progress, 0, 3, Sentence(_("Reading the register from the records")))
    built = build_register(entity, reference, level)
    report(
        progress,
        1,
        3,
        Sentence(
            _("Validating %(rows)s rows"), rows=str(sum(len(r) for r in built.register.values()))
        ),
    )
    findings = validate_register(built.register, built.params)
    if blocking(findings) and not force:
        report(progress, 3, 3, Sentence(_("Refused: blocking errors")))
        return ExportOutcome(built, findings, None)
    report(progress, 2, 3, Sentence(_("Writing the package")))
    target.mkdir(parents=True, exist_ok=True)
    name = export_package(built.register, built.params, target)
    report(progress, 3, 3, Sentence(_("Written")))
    return ExportOutcome(built, findings, target / f"{name}.zip")


def validate_records(
    entity: Any, reference: dt.date, level: str, *, progress: Progress | None = None
) -> tuple[Any, list[Any]]:
    """The register built from the records and its findings."""
    from midora.core.archive_limits import findings_per_rule
    from midora.suppliers.roi.validate import validate_register
    from midora.suppliers.roi_rows import build_register

    report(progress, 0, 2, Sentence(_("Reading the register from the records")))
    built = build_register(entity, reference, level)
    report(
        progress,
        1,
        2,
        Sentence(
            _("Validating %(rows)s rows"), rows=str(sum(len(r) for r in built.register.values()))
        ),
    )
    findings = validate_register(built.register, built.params, per_rule=findings_per_rule())
    report(progress, 2, 2, Sentence(_("Validated")))
    return built, findings


def validate_file(path: Path, *, progress: Progress | None = None) -> list[Any]:
    """The findings of a report package (made here or elsewhere), without loading it."""
    from midora.core.archive_limits import findings_per_rule, upload_limits
    from midora.suppliers.roi.validate import validate_package

    report(progress, 0, 1, Sentence(_("Reading and validating %(file)s"), file=path.name))
    findings = validate_package(path, upload_limits(), findings_per_rule())
    report(progress, 1, 1, Sentence(_("Validated")))
    return findings


def import_file(path: Path, *, progress: Progress | None = None) -> Any:
    """Load a package (.zip) or review workbook (.xlsx) into the records, all or nothing.

    Raises `RegisterImportError` or `PackageReadError` (with findings) or `WorkbookError`."""
    from midora.core.archive_limits import findings_per_rule, upload_limits
    from midora.suppliers.roi.validate import blocking, check_package
    from midora.suppliers.roi.workbook import read_workbook
    from midora.suppliers.roi_import import RegisterImportError, import_register

    report(progress, 0, 3, Sentence(_("Reading %(file)s"), file=path.name))
    if path.suffix.lower() == ".xlsx":
        register = read_workbook(path, upload_limits())
    else:
        report(progress, 1, 3, Sentence(_("Validating the package")))
        package, findings = check_package(path, upload_limits(), findings_per_rule())
        errors = blocking(findings)
        if errors or package is None:
            raise RegisterImportError(errors)
        register = package.register
    report(
        progress,
        2,
        3,
        Sentence(
            _("Writing %(rows)s rows to the records"),
            rows=str(sum(len(r) for r in register.values())),
        ),
    )
    summary = import_register(register)
    report(progress, 3, 3, Sentence(_("Imported")))
    return summary
