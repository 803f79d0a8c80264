"""Primary and foreign keys of the RoI templates: EBA technical checks 805, 806 and 807.

Keys come from the taxonomy 4.0 ``tc:keys`` (foreign keys named R1-R22). A breach of a
technical check rejects the submission.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from midora.core.engine.sentences import Sentence, _
from midora.suppliers.roi.findings import ERROR, TECHNICAL, Finding, display
from midora.suppliers.roi.rules.common import finding
from midora.suppliers.roi.spec import TemplateSpec
from midora.suppliers.roi.values import Register, is_empty


def _key(row: dict[str, Any], columns: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(row.get(c) for c in columns)


def check_primary_keys(spec: TemplateSpec, rows: list[dict[str, Any]]) -> Iterator[Finding]:
    """Key columns filled (805, empty key) and unique together (806, duplicate key)."""
    if not spec.primary_key:
        if len(rows) > 1:
            yield Finding(
                "806",
                ERROR,
                spec.code,
                "",
                "",
                str(len(rows)),
                Sentence(_("duplicate key: this template holds a single row")),
                2,
                TECHNICAL,
            )
        return
    seen: dict[tuple[Any, ...], int] = {}
    for index, row in enumerate(rows, start=1):
        key = _key(row, spec.primary_key)
        empty = [c for c, v in zip(spec.primary_key, key, strict=True) if is_empty(v)]
        for column in empty:
            yield finding(
                "805",
                spec,
                index,
                row,
                column,
                Sentence(
                    _(
                        "empty key: key column is empty (report a value, e.g. eba_GA:qx2007 or "
                        "'Not applicable')"
                    )
                ),
                category=TECHNICAL,
            )
        if empty:
            continue
        if key in seen:
            yield finding(
                "806",
                spec,
                index,
                row,
                ",".join(spec.primary_key),
                Sentence(_("duplicate key: primary key repeats row %(row)s"), row=seen[key]),
                category=TECHNICAL,
            )
        else:
            seen[key] = index


def check_foreign_keys(
    spec: TemplateSpec,
    rows: list[dict[str, Any]],
    register: Register,
    specs: dict[str, TemplateSpec],
    index_cache: dict[str, set[tuple[Any, ...]]],
) -> Iterator[Finding]:
    """807: every ``tc:keys`` reference (R1-R22) resolves to a key of its target template."""
    for fk in spec.foreign_keys:
        target = specs[fk.target]
        if fk.target not in index_cache:
            index_cache[fk.target] = {
                _key(r, target.primary_key) for r in register.get(fk.target, [])
            }
        keys = index_cache[fk.target]
        for index, row in enumerate(rows, start=1):
            value = _key(row, fk.columns)
            if any(is_empty(v) for v in value):
                continue
            if value not in keys:
                shown = "|".join(display(v) for v in value)
                yield Finding(
                    "807",
                    ERROR,
                    spec.code,
                    _row_key(spec, row),
                    ",".join(fk.columns),
                    shown,
                    Sentence(
                        _(
                            "foreign key %(key)s: %(value)s is not a key (%(columns)s) of %(target)s"
                        ),
                        key=fk.name,
                        value=shown,
                        columns=",".join(target.primary_key),
                        target=fk.target,
                    ),
                    index,
                    TECHNICAL,
                )


def _row_key(spec: TemplateSpec, row: dict[str, Any]) -> str:
    return "|".join(display(row.get(c)) for c in spec.primary_key)


def check_keys(register: Register, specs: dict[str, TemplateSpec]) -> Iterator[Finding]:
    """Primary and foreign keys over the whole register."""
    cache: dict[str, set[tuple[Any, ...]]] = {}
    for code, rows in register.items():
        if code not in specs:
            continue
        yield from check_primary_keys(specs[code], rows)
        yield from check_foreign_keys(specs[code], rows, register, specs, cache)
