"""Board pack: who is in scope of which regime, and the critical or important functions."""

from __future__ import annotations

from django.urls import reverse

from midora.boardpack.sections import Figure, PackContext, RecordRef, Section, Table
from midora.core.choices import Criticality, service_labels
from midora.core.models import BusinessFunction, LegalEntity, ServiceOffering

ORDER = 15
KEY = "scope"
TITLE = "Regulatory scope"


def build(ctx: PackContext) -> Section:
    entities = list(LegalEntity.objects.filter(pk__in=ctx.entity_ids).order_by("name"))
    if not entities:
        return Section(KEY, TITLE, empty="No legal entity is recorded in the scope of this pack.")
    offerings = ServiceOffering.objects.filter(entity__in=entities)
    critical = BusinessFunction.objects.filter(
        entity__in=entities, criticality=Criticality.CRITICAL_OR_IMPORTANT
    )
    rows = []
    for entity in entities:
        services = sorted(o.service for o in offerings if o.entity_id == entity.pk)
        rows.append(
            [
                RecordRef(entity.name, reverse("core:legalentity_detail", args=[entity.pk])),
                entity.lei,
                entity.get_mica_status_display(),
                "in scope" if entity.dora_in_scope else "out of scope",
                ", ".join(service_labels(services)) or "—",
                str(sum(1 for f in critical if f.entity_id == entity.pk)),
            ]
        )
    authorised = [e for e in entities if e.mica_status == "authorised"]
    applicants = [e for e in entities if e.mica_status == "applicant"]
    return Section(
        KEY,
        TITLE,
        summary=(
            f"{len(authorised)} authorised CASP(s) and {len(applicants)} applicant(s); "
            f"{sum(e.dora_in_scope for e in entities)} entities in DORA scope with "
            f"{critical.count()} critical or important functions."
        ),
        figures=[
            Figure(
                "scope.authorised",
                "Authorised CASPs",
                len(authorised),
                [RecordRef(e.lei) for e in authorised],
            ),
            Figure(
                "scope.applicants",
                "MiCA applicants",
                len(applicants),
                [RecordRef(e.lei) for e in applicants],
            ),
            Figure(
                "scope.critical_functions",
                "Critical or important functions",
                critical.count(),
                [
                    RecordRef(f.identifier, reverse("core:businessfunction_detail", args=[f.pk]))
                    for f in critical
                ],
            ),
        ],
        tables=[
            Table(
                "Entities",
                [
                    "Entity",
                    "LEI",
                    "MiCA status",
                    "DORA",
                    "Crypto-asset services",
                    "Critical functions",
                ],
                rows,
            )
        ],
    )
