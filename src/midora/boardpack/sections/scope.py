"""Board pack: who is in scope of which regime, and the critical or important functions."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from midora.boardpack.sections import Figure, PackContext, RecordRef, Section, Table
from midora.core.choices import Criticality, service_labels
from midora.core.models import BusinessFunction, LegalEntity, ServiceOffering

ORDER = 15
KEY = "scope"
TITLE = gettext_lazy("Regulatory scope")


def build(ctx: PackContext) -> Section:
    entities = list(LegalEntity.objects.filter(pk__in=ctx.entity_ids).order_by("name"))
    if not entities:
        return Section(
            KEY, TITLE, empty=_("No legal entity is recorded in the scope of this pack.")
        )
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
            _(
                "Authorised CASPs: %(authorised)d; applicants: %(applicants)d; entities in DORA "
                "scope: %(dora)d, with %(critical)d critical or important functions."
            )
            % {
                "authorised": len(authorised),
                "applicants": len(applicants),
                "dora": sum(e.dora_in_scope for e in entities),
                "critical": critical.count(),
            }
        ),
        figures=[
            Figure(
                "scope.authorised",
                _("Authorised CASPs"),
                len(authorised),
                [RecordRef(e.lei) for e in authorised],
            ),
            Figure(
                "scope.applicants",
                _("MiCA applicants"),
                len(applicants),
                [RecordRef(e.lei) for e in applicants],
            ),
            Figure(
                "scope.critical_functions",
                _("Critical or important functions"),
                critical.count(),
                [
                    RecordRef(f.identifier, reverse("core:businessfunction_detail", args=[f.pk]))
                    for f in critical
                ],
            ),
        ],
        tables=[
            Table(
                _("Entities"),
                [
                    _("Entity"),
                    _("LEI"),
                    _("MiCA status"),
                    _("DORA"),
                    _("Crypto-asset services"),
                    _("Critical functions"),
                ],
                rows,
            )
        ],
    )
