"""Overview, contract gap view and concentration map of the third-party area."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from midora.core import permissions
from midora.core.exports import download, workbook_download
from midora.core.models import LegalEntity
from midora.governance.models import Action
from midora.suppliers.clause_names import clause_name
from midora.suppliers.engine import concentration as engine
from midora.suppliers.gap_view import ACTION_SOURCE, action_source_id, ranked_gap_rows
from midora.suppliers.graph import dependency_graph
from midora.suppliers.models import ContractualArrangement, ICTProvider, ICTServiceUse
from midora.suppliers.registers import ENDING_SOON

MAP_ARRANGEMENT_LIMIT = 1500
"""Above this many arrangements the concentration page starts with one entity."""


def safe_url(obj: Any) -> str:
    """The record's page, or '' when its area is not installed."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


@permissions.register_readers_only
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    arrangements = permissions.scope(user, ContractualArrangement.objects.all())
    uses = permissions.scope(user, ICTServiceUse.objects.all())
    gaps = ranked_gap_rows(arrangements, limit=5)
    context = {
        "provider_count": permissions.scope(user, ICTProvider.objects.all()).count(),
        "arrangement_count": arrangements.count(),
        "cif_arrangements": uses.filter(function__criticality="critical")
        .values("arrangement_id")
        .distinct()
        .count(),
        "annual_cost": arrangements.aggregate(total=Sum("annual_cost"))["total"],
        "ending_soon": ENDING_SOON.apply(arrangements, "true").count(),
        "worst_gaps": gaps,
        "entities": permissions.scope(user, LegalEntity.objects.all()),
    }
    return render(request, "suppliers/index.html", context)


# --- contract gap view ------------------------------------------------------------------------


def _gap_rows(request: HttpRequest) -> tuple[list, dict[str, str]]:
    arrangements = permissions.scope(request.user, ContractualArrangement.objects.all())
    active = {}
    entity = request.GET.get("entity", "")
    if entity.isdigit():
        arrangements = arrangements.filter(entity_id=int(entity))
        active["entity"] = entity
    rows = ranked_gap_rows(arrangements)
    if request.GET.get("cif") == "true":
        rows = [r for r in rows if r.supports_cif]
        active["cif"] = "true"
    return rows, active


GAPS_PER_PAGE = 20  # arrangements per page, worst first


@permissions.register_readers_only
def gaps(request: HttpRequest) -> HttpResponse:
    """DORA Art. 30: which provisions are missing where, worst arrangement first."""
    rows, active = _gap_rows(request)
    fmt = request.GET.get("export")
    if fmt:
        return _export_gaps(rows, fmt)
    page = Paginator(rows, GAPS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "suppliers/gaps.html",
        {
            "rows": page.object_list,
            "page": page,
            "total": len(rows),
            "missing": sum(r.missing for r in rows),
            "active": active,
            "entities": permissions.scope(request.user, LegalEntity.objects.all()),
            "can_open": permissions.can_create(request.user),
        },
    )


GAP_HEADER = [
    "Rank",
    "Arrangement",
    "Signing entity",
    "Provider",
    "Supports critical functions",
    "Score",
    "Provision",
    "Label",
    "Finding",
    "Reviewed on",
    "Action",
]


def _gap_lines(rows: list) -> list[list[Any]]:
    lines = []
    for rank, row in enumerate(rows, start=1):
        for gap, action in row.gaps:
            lines.append(
                [
                    rank,
                    row.arrangement.reference,
                    row.arrangement.entity.name,
                    row.arrangement.provider.name,
                    "yes" if row.supports_cif else "no",
                    row.score,
                    gap.clause.reference,
                    str(clause_name(gap.clause)),
                    gap.finding.value,
                    gap.reviewed_on.isoformat() if gap.reviewed_on else "",
                    f"{action.title} ({action.status})" if action else "",
                ]
            )
    return lines


def _export_gaps(rows: list, fmt: str) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(GAP_HEADER)
        writer.writerows(_gap_lines(rows))
        return download(
            "\ufeff" + buffer.getvalue(),
            f"midora-contract-gaps-{stamp}.csv",
            content_type="text/csv; charset=utf-8",
        )
    if fmt == "xlsx":
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Contract gaps")
        sheet.append(GAP_HEADER)
        for line in _gap_lines(rows):
            sheet.append(line)
        return workbook_download(book.save, f"midora-contract-gaps-{stamp}.xlsx")
    return HttpResponse(f"Unknown export format {fmt!r}: use csv or xlsx.", status=400)


@require_POST
@permissions.register_readers_only
def gap_action(request: HttpRequest) -> HttpResponse:
    """Open a remediation action for one clause gap (or go to the one already open)."""
    permissions.require(
        permissions.can_create(request.user), gettext("Your role cannot open actions.")
    )
    pk = request.POST.get("arrangement", "")
    clause_key = request.POST.get("clause", "")
    arrangement = (
        permissions.scope(request.user, ContractualArrangement.objects.all())
        .filter(pk=int(pk) if pk.isdigit() else None)
        .first()
    )
    if arrangement is None:
        raise Http404("No such arrangement in your scope.")
    row = next(
        (r for r in ranked_gap_rows(ContractualArrangement.objects.filter(pk=arrangement.pk))),
        None,
    )
    gap = next((g for g, _a in (row.gaps if row else ()) if g.clause.key == clause_key), None)
    if gap is None:
        raise Http404("This provision is not a gap of the arrangement.")
    source_id = action_source_id(arrangement.pk, clause_key)
    action = Action.objects.filter(source_type=ACTION_SOURCE, source_id=source_id).first()
    if action is None:
        action = Action(
            entity=arrangement.entity,
            title=f"{arrangement.reference}: {gap.clause.reference} {gap.finding.value.replace('_', ' ')}",
            description=(
                f"Contract with {arrangement.provider} ({arrangement.reference}): the provision "
                f"{gap.clause.reference} “{gap.clause.label}” is {gap.finding.value.replace('_', ' ')}. "
                "Negotiate an amendment or document the compensating measure.\n"
                + "\n".join(f"- {item}" for item in gap.clause.look_for)
            ),
            priority=Action.Priority.HIGH if row.supports_cif else Action.Priority.MEDIUM,
            due_date=timezone.localdate() + dt.timedelta(days=90),
            source_type=ACTION_SOURCE,
            source_id=source_id,
            owner=request.user,
        )
        action.save()
        messages.success(request, gettext("Opened action “%(title)s”.") % {"title": action.title})
    else:
        messages.info(
            request,
            gettext("An action is already open for this gap: “%(title)s”.")
            % {"title": action.title},
        )
    target = safe_url(action) or reverse("suppliers:gaps")
    return HttpResponseRedirect(target)


# --- concentration and dependency map ---------------------------------------------------------


def _map_scope(request: HttpRequest) -> tuple[set[int], str, list]:
    entities = list(permissions.scope(request.user, LegalEntity.objects.all()).order_by("name"))
    allowed = {e.pk for e in entities}
    chosen = request.GET.get("entity", "")
    if chosen.isdigit() and int(chosen) in allowed:
        return {int(chosen)}, chosen, entities
    if chosen == "" and entities:
        count = ContractualArrangement.objects.filter(entity_id__in=allowed).count()
        if count > MAP_ARRANGEMENT_LIMIT:
            first = next((e for e in entities if e.arrangements.exists()), entities[0])
            return {first.pk}, str(first.pk), entities
    return allowed, "", entities


@permissions.register_readers_only
def concentration(request: HttpRequest) -> HttpResponse:
    """DORA Art. 28(4)(c), 29: concentration figures, SPOFs and the 'if this provider fails' view."""
    entity_ids, chosen, entities = _map_scope(request)
    graph = dependency_graph(entity_ids)
    providers = {p.id: p for p in graph.providers}
    functions = graph.function
    provider_pk = dict(
        ICTProvider.objects.filter(identification_code__in=list(providers)).values_list(
            "identification_code", "pk"
        )
    )
    impacts = engine.providers_by_failure_impact(graph)
    reach = {r.provider_id: r for r in engine.critical_functions_per_provider(graph)}
    spend = engine.spend_concentration(graph)
    countries = engine.country_concentration(graph)
    failing = request.GET.get("provider", "")
    failure = None
    if failing in providers:
        impact = engine.if_provider_fails(graph, failing)
        failure = {
            "provider": providers[failing],
            "impact": impact,
            "functions": sorted((functions[f] for f in impact.function_ids), key=lambda f: f.id),
            "entities": sorted(graph.entity[e].name for e in impact.entity_ids),
            "services": sorted({s for _e, s in impact.crypto_services}),
            "chains": [(a, [providers[p].name for p in path]) for a, path in impact.chains.items()],
        }
    svg = (
        engine.dependency_svg(graph, map_titles())
        if len(graph.arrangements) <= MAP_ARRANGEMENT_LIMIT
        else ""
    )
    context = {
        "entities": entities,
        "chosen": chosen,
        "graph": graph,
        "impacts": [
            (
                impact,
                providers[impact.provider_id],
                reach[impact.provider_id],
                provider_pk.get(impact.provider_id),
            )
            for impact in impacts
            if impact.function_ids
        ][:25],
        "spofs": [
            (s, functions[s.function_id], providers[s.provider_id], graph.entity[s.entity_id])
            for s in engine.single_points_of_failure(graph)
        ],
        "spend": sorted(
            ((providers[p], amount, spend.shares.get(p)) for p, amount in spend.spend.items()),
            key=lambda item: -item[1],
        )[:15],
        "spend_total": spend.total,
        "hhi": spend.hhi,
        "storage": countries.storage[:12],
        "processing": countries.processing[:12],
        "failure": failure,
        "failing": failing,
        "provider_options": sorted(providers.values(), key=lambda p: p.name),
        "critical_count": sum(1 for f in graph.functions if f.critical_or_important),
        "svg": mark_safe(svg),
    }
    return render(request, "suppliers/concentration.html", context)


def map_titles() -> dict[str, str]:
    """The dependency map's words in the reader's language."""
    return {
        "entities": gettext("Entities"),
        "functions": gettext("Business functions"),
        "providers": gettext("ICT providers"),
        "subcontractors": gettext("Subcontractors"),
        "subcontractors_rank": gettext("Subcontractors (rank {rank})"),
        "map": gettext("ICT third-party dependency map"),
    }


@permissions.register_readers_only
def concentration_svg(request: HttpRequest) -> HttpResponse:
    """The dependency map as an SVG file for the board pack."""
    entity_ids, _chosen, _entities = _map_scope(request)
    response = HttpResponse(
        engine.dependency_svg(dependency_graph(entity_ids), map_titles()),
        content_type="image/svg+xml",
    )
    response["Content-Disposition"] = 'attachment; filename="midora-ict-dependency-map.svg"'
    return response
