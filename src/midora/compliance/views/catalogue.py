"""Compliance home, catalogue browser and the applicability scope map."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from midora.compliance.crosswalk import state_counts
from midora.compliance.engine.applicability import SERVICES
from midora.compliance.engine.catalogue_files import AREAS
from midora.compliance.models import Assessment, Control, Evidence, Framework, Regime, Requirement
from midora.compliance.scoping import entity_scopes
from midora.core import permissions
from midora.core.models import LegalEntity


@permissions.register_readers_only
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    evidence = permissions.scope(user, Evidence.objects.all())
    counts = state_counts(evidence, timezone.localdate())
    frameworks = Framework.objects.annotate(
        n=Count(
            "requirements", filter=Q(requirements__withdrawn=False, requirements__grouping=False)
        )
    )
    return render(
        request,
        "compliance/index.html",
        {
            "frameworks": frameworks,
            "controls": permissions.scope(user, Control.objects.filter(retired=False)).count(),
            "evidence_count": sum(counts.values()),
            "states": counts,
            "assessments": permissions.scope(user, Assessment.objects.all())
            .prefetch_related("entities")
            .order_by("-started_on")[:6],
        },
    )


@permissions.register_readers_only
def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = Framework.objects.annotate(
        current=Count("requirements", filter=Q(requirements__withdrawn=False)),
        withdrawn=Count("requirements", filter=Q(requirements__withdrawn=True)),
    )
    return render(request, "compliance/framework_list.html", {"frameworks": frameworks})


@permissions.register_readers_only
def framework_detail(request: HttpRequest, code: str) -> HttpResponse:
    framework = get_object_or_404(Framework, code=code)
    requirements = framework.requirements.annotate(n_mappings=Count("mappings"))
    area = request.GET.get("area", "")
    query = request.GET.get("q", "").strip()
    show_withdrawn = request.GET.get("withdrawn") == "1"
    if area:
        requirements = requirements.filter(area=area)
    if query:
        requirements = requirements.filter(
            Q(ref__icontains=query) | Q(title__icontains=query) | Q(summary__icontains=query)
        )
    if not show_withdrawn:
        requirements = requirements.filter(withdrawn=False)
    return render(
        request,
        "compliance/framework_detail.html",
        {
            "framework": framework,
            "requirements": requirements.order_by("position"),
            "areas": AREAS,
            "area": area,
            "q": query,
            "show_withdrawn": show_withdrawn,
        },
    )


@permissions.register_readers_only
def requirement_detail(request: HttpRequest, ref: str) -> HttpResponse:
    requirement = get_object_or_404(
        Requirement.objects.select_related("framework", "parent"), ref=ref
    )
    mappings = permissions.scope(
        request.user, requirement.mappings.select_related("control")
    ).order_by("control__code")
    entities = permissions.scope(request.user, LegalEntity.objects.all()).order_by("name")
    applicability = []
    for scope in entity_scopes(entities, requirement.framework.regime):
        outcome = scope.outcomes.get(requirement.ref)
        if outcome is not None:
            applicability.append((scope.entity, outcome))
    return render(
        request,
        "compliance/requirement_detail.html",
        {
            "requirement": requirement,
            "children": requirement.children.filter(withdrawn=False).order_by("position"),
            "mappings": mappings,
            "applicability": applicability,
        },
    )


@permissions.register_readers_only
def scope_map(request: HttpRequest) -> HttpResponse:
    """Per legal entity and crypto-asset service: how many requirements of each regime apply."""
    entities = permissions.scope(request.user, LegalEntity.objects.all()).order_by("name")
    rows = []
    for scope in entity_scopes(entities):
        services = [
            (
                code,
                SERVICES[code],
                len(scope.for_service(code)) if code in scope.profile.services else None,
            )
            for code in SERVICES
        ]
        rows.append(
            {
                "entity": scope.entity,
                "mica": len(scope.applicable(Regime.MICA)),
                "dora": len(scope.applicable(Regime.DORA)),
                "services": services,
                "profile": scope.profile,
            }
        )
    return render(
        request,
        "compliance/scope_map.html",
        {"rows": rows, "services": list(SERVICES.items())},
    )


@permissions.register_readers_only
def scope_entity(request: HttpRequest, entity_id: int) -> HttpResponse:
    """Every requirement of a regime for one entity (optionally one service), applies or not, why."""
    entity = permissions.scope(request.user, LegalEntity.objects.all()).filter(pk=entity_id).first()
    if entity is None:
        raise Http404("No legal entity with that id in your scope.")
    regime = request.GET.get("regime", Regime.MICA)
    if regime not in Regime.values:
        regime = Regime.MICA
    service = request.GET.get("service", "")
    if service and service not in SERVICES:
        raise Http404("Unknown crypto-asset service.")
    show = request.GET.get("show", "applies")
    (scope,) = entity_scopes([entity], regime)
    requirements = {
        r.pk: r
        for r in Requirement.objects.filter(pk__in=[row.pk for row in scope.rows]).select_related(
            "framework"
        )
    }
    from midora.compliance.engine.applicability import applies

    lines = []
    for row in scope.rows:
        if service:
            if not row.condition.services or service not in row.condition.services:
                continue
            outcome = applies(row, scope.profile, service)
        else:
            outcome = scope.outcomes[row.id]
        if show == "applies" and not outcome.applies:
            continue
        if show == "not" and outcome.applies:
            continue
        lines.append((requirements[row.pk], outcome))
    return render(
        request,
        "compliance/scope_entity.html",
        {
            "entity": entity,
            "regime": regime,
            "regimes": Regime.choices,
            "service": service,
            "service_label": SERVICES.get(service, ""),
            "offered": [(code, SERVICES[code]) for code in scope.profile.services],
            "show": show,
            "lines": lines,
            "profile": scope.profile,
        },
    )
