"""The last build and validation of a Register of Information, stored so that its page shows it
without rebuilding, and the fingerprint that tells whether the records changed since.

The fingerprint is one query over every table the register is built from: per table the row
count, the highest primary key, the latest ``updated_at`` and the sum of the ``version`` counters
(the many-to-many link tables: count and highest key). Every way the product writes these records
moves one of them: a save bumps ``version`` and ``updated_at``, an insert raises the highest key
(keys are never reused), a delete lowers the count, and the bulk writes of the import set
``version`` and ``updated_at`` themselves. It covers the whole tables, not only the entity's
scope: a change elsewhere in the group marks the result stale too (a rebuild then shows the same
figures), which keeps the check to one cheap query."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import connection
from django.utils import timezone

from midora.core.archive_limits import findings_per_rule
from midora.core.models import BusinessFunction, LegalEntity, ServiceOffering
from midora.suppliers.models import (
    ContractualArrangement,
    EntityRegisterData,
    FunctionRegisterData,
    ICTProvider,
    ICTServiceUse,
    RegisterResult,
    ServiceAssessment,
    Subcontractor,
)
from midora.suppliers.roi.findings import Finding, blocking, finding_from_record, finding_record

FINDINGS_STORED = 500
"""Findings kept with a result: as many as the page lists (the counts cover them all)."""

RECORDS = (
    LegalEntity,
    BusinessFunction,
    ServiceOffering,
    EntityRegisterData,
    FunctionRegisterData,
    ICTProvider,
    ContractualArrangement,
    ICTServiceUse,
    ServiceAssessment,
    Subcontractor,
)
LINKS = (
    ContractualArrangement.using_entities.through,
    ContractualArrangement.linked_arrangements.through,
    ICTProvider.entities.through,
)


def _fingerprint_sql() -> str:
    quote = connection.ops.quote_name
    parts = []
    for model in RECORDS:
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        parts.append(
            f"SELECT '{model._meta.db_table}', COUNT(*), MAX({pk}), "
            f"CAST(MAX({quote('updated_at')}) AS TEXT), SUM({quote('version')}) FROM {table}"
        )
    for model in LINKS:
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        parts.append(
            f"SELECT '{model._meta.db_table}', COUNT(*), MAX({pk}), CAST(NULL AS TEXT), 0 "
            f"FROM {table}"
        )
    return " UNION ALL ".join(parts)


def records_fingerprint() -> str:
    """A digest of the state of every record the register is built from (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        rows = sorted(tuple(str(v) for v in row) for row in cursor.fetchall())
    digest = hashlib.sha256(f"per_rule={findings_per_rule()}".encode())
    for row in rows:
        digest.update("|".join(row).encode())
    return digest.hexdigest()


def store_result(
    entity: LegalEntity,
    reference: dt.date,
    level: str,
    register: dict[str, list],
    findings: list[Finding],
    fingerprint: str,
) -> RegisterResult:
    """Keep this build (made from the records as they were at ``fingerprint``) for the page."""
    result, _created = RegisterResult.objects.update_or_create(
        entity=entity,
        level=level,
        reference_date=reference,
        defaults={
            "template_counts": {code: len(rows) for code, rows in register.items()},
            "findings": [finding_record(f) for f in findings[:FINDINGS_STORED]],
            "finding_count": len(findings),
            "error_count": len(blocking(findings)),
            "built_at": timezone.now(),
            "fingerprint": fingerprint,
        },
    )
    return result


def stored_findings(result: RegisterResult) -> list[Finding]:
    """The stored findings, each message a sentence the page says in the reader's language (its
    English text for a result stored before sentences were kept)."""
    return [finding_from_record(item) for item in result.findings]


def rebuild(entity: LegalEntity, reference: dt.date, level: str, progress: Any = None) -> Any:
    """Build and validate the register from the records and store the result; the built
    register and its findings are returned too."""
    from midora.suppliers.roi_work import validate_records

    fingerprint = records_fingerprint()  # before reading: a change meanwhile shows as stale
    built, findings = validate_records(entity, reference, level, progress=progress)
    store_result(entity, reference, level, built.register, findings, fingerprint)
    return built, findings


def stored_result(
    entity: LegalEntity, reference: dt.date, level: str
) -> tuple[RegisterResult | None, bool]:
    """The stored result for this register, if any, and whether it is stale."""
    result = RegisterResult.objects.filter(
        entity=entity, level=level, reference_date=reference
    ).first()
    if result is None:
        return None, True
    return result, result.fingerprint != records_fingerprint()
