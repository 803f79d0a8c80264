"""Home page and the regulatory scope map."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from midora.core import permissions
from midora.core.choices import CRYPTO_SERVICE_SHORT, Criticality, CryptoService
from midora.core.engine.scope_map import build_scope_map
from midora.core.models import AuditEvent, BusinessFunction, LegalEntity, ServiceOffering
from midora.core.my_work import my_work


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context: dict = {
        "role": permissions.role_of(user),
        "work": my_work(user, timezone.now()),
        "now": timezone.now(),
    }
    if permissions.can_read_registers(user):
        entities = permissions.scope(user, LegalEntity.objects.all())
        functions = permissions.scope(user, BusinessFunction.objects.all())
        context.update(
            entity_count=entities.count(),
            offering_count=permissions.scope(user, ServiceOffering.objects.all()).count(),
            function_count=functions.count(),
            critical_count=functions.filter(criticality=Criticality.CRITICAL_OR_IMPORTANT).count(),
            recent_events=AuditEvent.objects.order_by("-sequence")[:8]
            if permissions.sees_all_entities(user)
            else [],
        )
    return render(request, "core/home.html", context)


@permissions.register_readers_only
def scope_map(request: HttpRequest) -> HttpResponse:
    entities = permissions.scope(request.user, LegalEntity.objects.all()).order_by("name")
    offerings = permissions.scope(request.user, ServiceOffering.objects.all())
    critical = dict(
        permissions.scope(request.user, BusinessFunction.objects.all())
        .values("entity_id")
        .annotate(n=Count("pk", filter=Q(criticality=Criticality.CRITICAL_OR_IMPORTANT)))
        .values_list("entity_id", "n")
    )
    rows = build_scope_map(entities, offerings, critical, CryptoService.values)
    headers = [(code, CRYPTO_SERVICE_SHORT[code], label) for code, label in CryptoService.choices]
    return render(request, "core/scope_map.html", {"rows": rows, "services": headers})
