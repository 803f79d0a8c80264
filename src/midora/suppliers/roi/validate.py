"""Validate an RoI register or package (DORA Art. 28(3); ITS (EU) 2024/2956; EBA taxonomy 4.0)."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from midora.suppliers.roi.findings import Finding, blocking, findings_to_json
from midora.suppliers.roi.package import PackageName, PackageNameError, ReportParameters
from midora.suppliers.roi.package import parse_package_name as _parse_name
from midora.suppliers.roi.read import PackageReadError, load_package
from midora.suppliers.roi.rules.business import check_business
from midora.suppliers.roi.rules.cells import check_cells
from midora.suppliers.roi.rules.keys import check_keys
from midora.suppliers.roi.rules.structure import check_parameters, check_shape
from midora.suppliers.roi.spec import templates
from midora.suppliers.roi.values import Register

__all__ = ["Finding", "blocking", "findings_to_json", "validate_package", "validate_register"]


def validate_register(
    register: Register, params: ReportParameters | None = None, name: PackageName | None = None
) -> list[Finding]:
    """Every check that applies to in-memory data (shape, cells, keys, EBA rules, parameters)."""
    specs = templates()
    findings = list(check_shape(register, specs))
    known = {code: rows for code, rows in register.items() if code in specs}
    clean = {code: [r for r in rows if isinstance(r, dict)] for code, rows in known.items()}
    findings.extend(check_cells(clean, specs))
    findings.extend(check_keys(clean, specs))
    findings.extend(check_business(clean, specs))
    if params is not None:
        findings.extend(check_parameters(dict(params.parameter_rows()), name, clean))
    return findings


def validate_package(source: str | Path | BinaryIO) -> list[Finding]:
    """Read a package and run every check: structure, files, headers, formats and the register."""
    try:
        package, findings = load_package(source)
    except PackageReadError as exc:
        return list(exc.findings)
    try:
        name = _parse_name(package.name)
    except PackageNameError:
        name = None  # already reported by the reader
    findings.extend(validate_register(package.register))
    findings.extend(check_parameters(package.parameters, name, package.register))
    return findings
