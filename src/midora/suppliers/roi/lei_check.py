"""Offline check of the register's LEIs against a GLEIF golden-copy file (ISO 17442; LEI-CDF 3.1).

The GLEIF publishes the whole LEI population daily as a "golden copy" CSV (about 2.5 million
records; also zipped). The file is streamed once and only the rows of LEIs that occur in the
register are kept, so memory stays bounded by the register, not by the file. A lapsed, retired,
merged, annulled or duplicate registration, an inactive entity, an LEI the file does not know and
a legal name that differs from the register are reported as warnings.

The EBA business rules check only the LEI's shape (v8826_m on B_01.02.c0060; v8821_m on B_05.01,
deactivated); no EBA rule id covers the registration status, so these findings carry midora's
ids ``GLEIF-STATUS``, ``GLEIF-UNKNOWN`` and ``GLEIF-NAME``, and name the EBA rule that checks the
same cell's format where there is one.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from midora.core.archives import ArchiveLimits, open_zip
from midora.core.engine.sentences import Sentence, _
from midora.suppliers.roi.findings import FORMAT, WARNING, Finding, display
from midora.suppliers.roi.rules.cells import LEI_TYPE, TYPED_CODES
from midora.suppliers.roi.spec import templates
from midora.suppliers.roi.values import Register

LEI_COLUMNS = ("LEI", "lei")
NAME_COLUMNS = ("Entity.LegalName", "legal_name", "LegalName", "name")
REGISTRATION_COLUMNS = ("Registration.RegistrationStatus", "registration_status", "status")
ENTITY_STATUS_COLUMNS = ("Entity.EntityStatus", "entity_status")
BAD_REGISTRATION = {"LAPSED", "RETIRED", "MERGED", "ANNULLED", "DUPLICATE"}
NAME_OF: dict[tuple[str, str], str] = {
    ("B_01.01", "c0010"): "c0020",
    ("B_01.02", "c0010"): "c0020",
    ("B_05.01", "c0010"): "c0050",
}
"""LEI cell -> the cell holding the legal name of the same entity."""
EBA_FORMAT_RULE = {("B_01.02", "c0060"): "v8826_m"}
GOLDEN_COPY_LIMITS = ArchiveLimits(
    max_total_bytes=64 * 1024**3, max_member_bytes=64 * 1024**3, max_members=10, max_ratio=100
)
"""A golden-copy zip holds one CSV of a few GB (about 10:1 compressed)."""


class GleifFileError(ValueError):
    """The golden-copy file cannot be read (says which column or why)."""


@dataclass(frozen=True)
class GleifRecord:
    """What the golden copy says about one LEI."""

    lei: str
    legal_name: str
    registration_status: str
    entity_status: str


@dataclass(frozen=True)
class LeiUse:
    """One cell of the register holding an LEI, with the name given beside it."""

    template: str
    column: str
    row: int
    row_key: str
    lei: str
    name: str | None


def register_leis(register: Register) -> list[LeiUse]:
    """Every LEI cell of the register (LEI columns and provider codes typed as LEI)."""
    uses = []
    for code, spec in templates().items():
        lei_columns = {c.code for c in spec.columns if c.label.startswith("LEI")}
        typed = TYPED_CODES.get(code, {})
        for index, row in enumerate(register.get(code, []), start=1):
            key = "|".join(display(row.get(c)) for c in spec.primary_key)
            for column in spec.column_codes:
                value = row.get(column)
                if not isinstance(value, str) or not value:
                    continue
                if column in lei_columns or row.get(typed.get(column, "")) == LEI_TYPE:
                    name_column = NAME_OF.get((code, column))
                    name = row.get(name_column) if name_column else None
                    uses.append(LeiUse(code, column, index, key, value, name))
    return uses


def _pick(header: list[str], names: tuple[str, ...], required: bool) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    if required:
        raise GleifFileError(f"the file has no {names[0]} column (one of: {', '.join(names)})")
    return None


def _text_stream(path: Path) -> Iterator[io.TextIOWrapper]:
    if zipfile.is_zipfile(path):
        with open_zip(path, GOLDEN_COPY_LIMITS) as archive:
            members = [n for n in archive.namelist() if n.lower().endswith(".csv")]
            if not members:
                raise GleifFileError(f"{path.name} holds no .csv file")
            with archive.open(members[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    else:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield handle  # type: ignore[misc]


def read_golden_copy(path: Path, wanted: set[str]) -> dict[str, GleifRecord]:
    """The golden-copy records of the ``wanted`` LEIs, streaming the file (CSV or zipped CSV)."""
    found: dict[str, GleifRecord] = {}
    for stream in _text_stream(path):
        rows = csv.reader(stream)
        header = next(rows, None)
        if header is None:
            raise GleifFileError(f"{path.name} is empty")
        lei_at = _pick(header, LEI_COLUMNS, True)
        name_at = _pick(header, NAME_COLUMNS, False)
        status_at = _pick(header, REGISTRATION_COLUMNS, True)
        entity_at = _pick(header, ENTITY_STATUS_COLUMNS, False)
        for row in rows:
            if len(row) <= lei_at or row[lei_at] not in wanted:  # type: ignore[operator]
                continue
            found[row[lei_at]] = GleifRecord(  # type: ignore[index]
                lei=row[lei_at],  # type: ignore[index]
                legal_name=row[name_at] if name_at is not None else "",
                registration_status=row[status_at].upper(),  # type: ignore[index]
                entity_status=row[entity_at].upper() if entity_at is not None else "",
            )
    return found


def comparable_name(name: str) -> str:
    """A legal name for comparison: accents, case, punctuation and spacing ignored."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", plain.casefold()).strip()


def _finding(use: LeiUse, rule: str, message: Sentence) -> Finding:
    eba = EBA_FORMAT_RULE.get((use.template, use.column))
    if eba:
        message = Sentence(
            _("%(message)s (EBA rule %(rule)s checks this cell's format)"),
            message=message,
            rule=eba,
        )
    return Finding(
        rule, WARNING, use.template, use.row_key, use.column, use.lei, message, use.row, FORMAT
    )


def check_leis(register: Register, gleif_file: Path) -> list[Finding]:
    """Warnings for LEIs the golden copy does not know, lapsed or retired, or named otherwise."""
    uses = register_leis(register)
    records = read_golden_copy(gleif_file, {u.lei for u in uses})
    findings = []
    for use in uses:
        record = records.get(use.lei)
        if record is None:
            findings.append(
                _finding(use, "GLEIF-UNKNOWN", Sentence(_("LEI not found in the GLEIF file")))
            )
            continue
        if record.registration_status in BAD_REGISTRATION:
            findings.append(
                _finding(
                    use,
                    "GLEIF-STATUS",
                    Sentence(
                        _("LEI registration is %(status)s at GLEIF"),
                        status=record.registration_status,
                    ),
                )
            )
        elif record.entity_status == "INACTIVE":
            findings.append(
                _finding(use, "GLEIF-STATUS", Sentence(_("the entity is INACTIVE at GLEIF")))
            )
        if (
            use.name
            and record.legal_name
            and comparable_name(use.name) != comparable_name(record.legal_name)
        ):
            findings.append(
                _finding(
                    use,
                    "GLEIF-NAME",
                    Sentence(
                        _("name %(name)s differs from the GLEIF legal name %(gleif_name)s"),
                        name=repr(use.name),
                        gleif_name=repr(record.legal_name),
                    ),
                )
            )
    return findings
