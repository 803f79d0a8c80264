"""Excel import and export of the ICT risk register: every row checked, then all saved or none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_noop as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from midora.compliance.models import Control
from midora.core import permissions
from midora.core.archive_limits import upload_limits
from midora.core.archives import ArchiveLimitError, check_archive
from midora.core.choices import CryptoService
from midora.core.engine.sentences import Sentence, reason
from midora.core.exports import workbook_download
from midora.core.models import BusinessFunction, LegalEntity
from midora.core.progress import Progress, report
from midora.core.register_framework import neutralise_formula
from midora.ictrisk.choices import Treatment
from midora.ictrisk.matrix_config import active_matrix
from midora.ictrisk.models import ICTAsset, Risk
from midora.suppliers.models import ICTProvider

RATINGS = tuple(f"{w}_{a}" for w in ("inherent", "residual") for a in ("likelihood", "impact"))
REQUIRED = ("entity_lei", "reference", "title", "threat", *RATINGS)
COLUMNS = (
    "entity_lei",
    "reference",
    "title",
    "threat",
    "vulnerability",
    "consequence",
    "inherent_likelihood",
    "inherent_impact",
    "residual_likelihood",
    "residual_impact",
    "treatment",
    "treatment_plan",
    "owner",
    "next_review",
    "last_reviewed",
    "assets",
    "functions",
    "controls",
    "providers",
    "crypto_services",
)
LIST_SEPARATOR = ";"
PROGRESS_EVERY = 100
TEXT_LIMITS = {"reference": 30, "title": 200}


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number (the header is row 1)
    column: str
    reason: Sentence  # English as written; the import page says it in the reader's language

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.reason}"


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    number: int
    risk: Risk
    links: dict[str, list[Any]]


class _Lookups:
    """Everything a row may refer to, loaded once and limited to the user's scope."""

    def __init__(self, user: Any) -> None:
        self.entities = {
            e.lei: e for e in permissions.scope(user, LegalEntity.objects.all()).only("pk", "lei")
        }
        ids = [e.pk for e in self.entities.values()]
        self.assets: dict[tuple[int, str], ICTAsset] = {
            (a.entity_id, a.name.casefold()): a
            for a in ICTAsset.objects.filter(entity_id__in=ids).only("pk", "entity_id", "name")
        }
        self.functions = {
            (f.entity_id, f.identifier.casefold()): f
            for f in BusinessFunction.objects.filter(entity_id__in=ids).only(
                "pk", "entity_id", "identifier"
            )
        }
        self.controls = {
            c.code.casefold(): c
            for c in permissions.scope(user, Control.objects.all()).only("pk", "code")
        }
        self.providers = {
            p.identification_code.casefold(): p
            for p in permissions.scope(user, ICTProvider.objects.all()).only(
                "pk", "identification_code"
            )
        }
        self.users = {
            u.username.casefold(): u for u in get_user_model().objects.filter(is_active=True)
        }


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _split(value: Any) -> list[str]:
    return [part.strip() for part in _text(value).split(LIST_SEPARATOR) if part.strip()]


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(_text(value))


def _rows(
    source: IO[bytes] | str,
) -> tuple[list[str], Iterator[tuple[int, tuple[Any, ...]]], int]:
    """The header, the numbered rows and the number of rows the sheet declares (0: unknown)."""
    check_archive(source, upload_limits())  # refuses a decompression bomb before openpyxl
    workbook = load_workbook(source, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    header = [_text(h).lower() for h in next(values, ())]
    declared = max((sheet.max_row or 1) - 1, 0)
    return header, ((n, row) for n, row in enumerate(values, start=2)), declared


def import_risks(
    source: IO[bytes] | str, user: Any, progress: Progress | None = None
) -> ImportResult:
    """Read a workbook of risks; save all of it in one transaction only when no row has an error.
    `progress(done, total, stage)` is told every 100 rows checked and saved."""
    result = ImportResult()
    try:
        header, rows, declared = _rows(source)
    except ArchiveLimitError as exc:
        result.errors.append(
            RowError(1, "-", Sentence(_("refused: %(reason)s"), reason=reason(exc)))
        )
        return result
    except Exception as exc:  # not a readable xlsx file
        result.errors.append(
            RowError(
                1,
                "-",
                Sentence(_("not a readable Excel (.xlsx) workbook: %(reason)s"), reason=str(exc)),
            )
        )
        return result
    unknown = [h for h in header if h and h not in COLUMNS]
    for name in unknown:
        result.errors.append(
            RowError(
                1,
                name,
                Sentence(_("unknown column (known: %(known)s)"), known=", ".join(COLUMNS)),
            )
        )
    for name in REQUIRED:
        if name not in header:
            result.errors.append(RowError(1, name, Sentence(_("required column is missing"))))
    if result.errors:
        return result
    lookups = _Lookups(user)
    parsed: list[_Row] = []
    seen: dict[tuple[int, str], int] = {}
    for number, raw in rows:
        if (number - 2) % PROGRESS_EVERY == 0:  # data rows start at row 2
            report(
                progress,
                number - 2,
                2 * declared,
                Sentence(_("Checking row %(row)s"), row=str(number)),
            )
        values = {h: raw[i] if i < len(raw) else None for i, h in enumerate(header) if h}
        if all(_text(v) == "" for v in values.values()):
            continue
        row = _parse_row(number, values, lookups, user, result.errors)
        if row is None:
            continue
        key = (row.risk.entity_id, row.risk.reference)
        if key in seen:
            result.errors.append(
                RowError(
                    number,
                    "reference",
                    Sentence(
                        _("%(reference)s repeats row %(row)s"),
                        reference=row.risk.reference,
                        row=str(seen[key]),
                    ),
                )
            )
            continue
        seen[key] = number
        parsed.append(row)
    if not parsed and not result.errors:
        result.errors.append(RowError(2, "-", Sentence(_("the sheet holds no risk rows"))))
    if result.errors:
        return result
    with transaction.atomic():
        for index, row in enumerate(parsed):
            if index % PROGRESS_EVERY == 0:
                report(
                    progress,
                    declared + index,
                    2 * declared,
                    Sentence(_("Saving risk %(number)s"), number=str(index + 1)),
                )
            adding = row.risk.pk is None
            row.risk.save()
            for name, items in row.links.items():
                getattr(row.risk, name).set(items)
            if adding:
                result.created += 1
            else:
                result.updated += 1
    return result


def _parse_row(
    number: int, values: dict[str, Any], lookups: _Lookups, user: Any, errors: list[RowError]
) -> _Row | None:
    found: list[RowError] = []

    def fail(column: str, why: Sentence) -> None:
        found.append(RowError(number, column, why))

    lei = _text(values.get("entity_lei")).upper()
    entity = lookups.entities.get(lei)
    if entity is None:
        fail(
            "entity_lei",
            Sentence(
                _("no legal entity with LEI %(lei)s in your scope"),
                lei=lei or Sentence(_("(empty)")),
            ),
        )
    reference = _text(values.get("reference"))
    risk = None
    if entity is not None and reference:
        risk = Risk.objects.filter(entity=entity, reference=reference).first()
        if risk is not None and not permissions.can_edit(user, risk):
            fail(
                "reference",
                Sentence(
                    _("risk %(reference)s exists and your role cannot change it"),
                    reference=reference,
                ),
            )
    risk = risk or Risk(entity=entity, owner_id=getattr(user, "pk", None))
    for name in ("reference", "title", "threat", "vulnerability", "consequence", "treatment_plan"):
        if name in values:
            text = _text(values[name])
            if name in REQUIRED and not text:
                fail(name, Sentence(_("required")))
            elif name in TEXT_LIMITS and len(text) > TEXT_LIMITS[name]:
                fail(
                    name,
                    Sentence(_("longer than %(limit)s characters"), limit=str(TEXT_LIMITS[name])),
                )
            setattr(risk, name, text)
    matrix = active_matrix()
    for name in RATINGS:
        levels = matrix.likelihood if name.endswith("likelihood") else matrix.impact
        text = _text(values.get(name))
        if not text.isdigit() or not 1 <= int(text) <= len(levels):
            fail(
                name,
                Sentence(
                    _("must be a level 1 to %(top)s of the risk matrix, got %(value)s"),
                    top=str(len(levels)),
                    value=text or Sentence(_("(empty)")),
                ),
            )
        else:
            setattr(risk, name, int(text))
    treatment = _text(values.get("treatment")).lower() or Treatment.MITIGATE
    if treatment not in Treatment.values:
        fail(
            "treatment",
            Sentence(
                _("%(value)s is not one of %(allowed)s"),
                value=repr(treatment),
                allowed=", ".join(Treatment.values),
            ),
        )
    risk.treatment = treatment
    for name in ("next_review", "last_reviewed"):
        if name in values:
            try:
                setattr(risk, name, _date(values[name]))
            except ValueError:
                fail(
                    name,
                    Sentence(_("not a date (YYYY-MM-DD): %(value)s"), value=_text(values[name])),
                )
    owner = _text(values.get("owner"))
    if owner:
        if owner.casefold() not in lookups.users:
            fail("owner", Sentence(_("no active user named %(name)s"), name=owner))
        else:
            risk.owner = lookups.users[owner.casefold()]
    services = _split(values.get("crypto_services"))
    bad = [s for s in services if s not in CryptoService.values]
    if bad:
        fail(
            "crypto_services",
            Sentence(_("unknown crypto-asset services: %(services)s"), services=", ".join(bad)),
        )
    risk.crypto_services = services
    links: dict[str, list[Any]] = {}
    entity_id = entity.pk if entity is not None else None
    for column, table, keyed in (
        ("assets", lookups.assets, True),
        ("functions", lookups.functions, True),
        ("controls", lookups.controls, False),
        ("providers", lookups.providers, False),
    ):
        if column not in values:
            continue
        items, missing = [], []
        for name in _split(values[column]):
            key = (entity_id, name.casefold()) if keyed else name.casefold()
            (items.append(table[key]) if key in table else missing.append(name))
        if missing:
            fail(
                column,
                Sentence(
                    _("not found for this entity in your scope: %(names)s")
                    if keyed
                    else _("not found in your scope: %(names)s"),
                    names=", ".join(missing),
                ),
            )
        links[column] = items
    if not found:
        try:
            risk.full_clean(validate_unique=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                fail(name if name in COLUMNS else "-", " ".join(messages))
    errors.extend(found)
    return None if found else _Row(number, risk, links)


def _join(items: Iterable[Any], attr: str) -> str:
    return f"{LIST_SEPARATOR} ".join(sorted(str(getattr(i, attr)) for i in items))


def export_rows(queryset: models.QuerySet) -> Iterator[list[Any]]:
    """The register in the import layout, so an export edited in Excel imports back."""
    qs = queryset.select_related("entity", "owner").prefetch_related(
        "assets", "functions", "controls", "providers"
    )
    for risk in qs.iterator(chunk_size=2000):
        yield [
            risk.entity.lei,
            risk.reference,
            *[
                neutralise_formula(getattr(risk, name))
                for name in ("title", "threat", "vulnerability", "consequence")
            ],
            risk.inherent_likelihood,
            risk.inherent_impact,
            risk.residual_likelihood,
            risk.residual_impact,
            risk.treatment,
            neutralise_formula(risk.treatment_plan),
            risk.owner.username if risk.owner else "",
            risk.next_review,
            risk.last_reviewed,
            _join(risk.assets.all(), "name"),
            _join(risk.functions.all(), "identifier"),
            _join(risk.controls.all(), "code"),
            _join(risk.providers.all(), "identification_code"),
            f"{LIST_SEPARATOR} ".join(risk.crypto_services or []),
        ]


def write_workbook(queryset: models.QuerySet, target: IO[bytes] | str) -> int:
    """The register in the import layout: the header row frozen, filters on every column,
    ratings as numbers and review dates as dates."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="ICT risks")
    sheet.freeze_panes = "A2"
    sheet.append(list(COLUMNS))
    count = 0
    for row in export_rows(queryset):
        sheet.append(row)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"
    workbook.save(target)
    return count


def export_response(queryset: models.QuerySet) -> HttpResponse:
    name = f"midora-ict-risks-{timezone.localdate().isoformat()}.xlsx"
    return workbook_download(lambda buffer: write_workbook(queryset, buffer), name)
