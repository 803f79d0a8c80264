"""Validate an RoI register or package (DORA Art. 28(3); ITS (EU) 2024/2956; EBA taxonomy 4.0)."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from midora.core.archives import ArchiveLimits
from midora.suppliers.roi.findings import (
    FINDINGS_PER_RULE,
    Finding,
    FindingCollector,
    blocking,
    findings_to_json,
)
from midora.suppliers.roi.package import PackageName, PackageNameError, ReportParameters
from midora.suppliers.roi.package import parse_package_name as _parse_name
from midora.suppliers.roi.read import PackageReadError, ReportPackage, load_package
from midora.suppliers.roi.rules.business import check_business
from midora.suppliers.roi.rules.cells import check_cells
from midora.suppliers.roi.rules.keys import check_keys
from midora.suppliers.roi.rules.structure import check_parameters, check_shape
from midora.suppliers.roi.spec import templates
from midora.suppliers.roi.values import Register

__all__ = [
    "Finding",
    "blocking",
    "check_package",
    "findings_to_json",
    "validate_package",
    "validate_register",
]


def _register_checks(
    collector: FindingCollector,
    register: Register,
    params: dict[str, str] | None,
    name: PackageName | None,
) -> None:
    specs = templates()
    collector.extend(check_shape(register, specs))
    known = {code: rows for code, rows in register.items() if code in specs}
    clean = {code: [r for r in rows if isinstance(r, dict)] for code, rows in known.items()}
    collector.extend(check_cells(clean, specs))
    collector.extend(check_keys(clean, specs))
    collector.extend(check_business(clean, specs))
    if params is not None:
        collector.extend(check_parameters(params, name, clean))


def validate_register(
    register: Register,
    params: ReportParameters | None = None,
    name: PackageName | None = None,
    per_rule: int = FINDINGS_PER_RULE,
) -> list[Finding]:
    """Every check that applies to in-memory data (shape, cells, keys, EBA rules, parameters)."""
    collector = FindingCollector(per_rule)
    rows = dict(params.parameter_rows()) if params is not None else None
    _register_checks(collector, register, rows, name)
    return collector.result()


def check_package(
    source: str | Path | BinaryIO,
    limits: ArchiveLimits | None = None,
    per_rule: int = FINDINGS_PER_RULE,
) -> tuple[ReportPackage | None, list[Finding]]:
    """Read a package and run every check; the package is None when it could not be read."""
    collector = FindingCollector(per_rule)
    try:
        package, _ = load_package(source, limits, collector=collector)
    except PackageReadError as exc:
        return None, list(exc.findings)
    try:
        name = _parse_name(package.name)
    except PackageNameError:
        name = None  # already reported by the reader
    _register_checks(collector, package.register, package.parameters, name)
    return package, collector.result()


def validate_package(
    source: str | Path | BinaryIO,
    limits: ArchiveLimits | None = None,
    per_rule: int = FINDINGS_PER_RULE,
) -> list[Finding]:
    """Read a package and run every check: structure, files, headers, formats and the register."""
    return check_package(source, limits, per_rule)[1]
