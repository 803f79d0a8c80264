"""The risk matrix in force: MIDORA_HOME/risk_matrix.yaml when present, the shipped default otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from django.conf import settings

from midora.ictrisk.engine.matrix import RiskMatrix, RiskMatrixConfigError

OVERRIDE_NAME = "risk_matrix.yaml"

_cache: dict[tuple[str, float], RiskMatrix] = {}


class MatrixFileError(ValueError):
    """The risk matrix file in MIDORA_HOME cannot be read or is not a valid matrix."""


def override_path() -> Path:
    return Path(settings.HOME) / OVERRIDE_NAME


def load_matrix_file(path: Path) -> RiskMatrix:
    """Read and validate one matrix file, naming the file and the faulty item on error."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise MatrixFileError(f"{path}: cannot read the risk matrix ({exc})") from exc
    try:
        return RiskMatrix.from_mapping(data)
    except RiskMatrixConfigError as exc:
        raise MatrixFileError(f"{path}: {exc}") from exc


def active_matrix() -> RiskMatrix:
    """The matrix every score is computed with; re-read when the override file changes (a list
    page rates each risk several times: one stat of the file each, no path objects)."""
    name = os.path.join(settings.HOME, OVERRIDE_NAME)
    try:
        stamp = os.stat(name).st_mtime
    except FileNotFoundError:
        return _default()
    key = (name, stamp)
    if key not in _cache:
        _cache.clear()
        _cache[key] = load_matrix_file(Path(name))
    return _cache[key]


def _default() -> RiskMatrix:
    key = ("<default>", 0.0)
    if key not in _cache:
        _cache[key] = RiskMatrix.default()
    return _cache[key]
