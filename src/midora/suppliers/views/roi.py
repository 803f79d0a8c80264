"""The Register of Information page: templates, row counts, findings, downloads and checks."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_POST

from midora.core import permissions
from midora.core.archive_limits import findings_per_rule, upload_limits
from midora.core.engine.sentences import Sentence
from midora.core.exports import workbook_download
from midora.core.models import BusinessFunction, LegalEntity
from midora.suppliers.models import ContractualArrangement, ICTProvider
from midora.suppliers.roi.dates import last_reference_date
from midora.suppliers.roi.export import export_package
from midora.suppliers.roi.findings import Finding, blocking
from midora.suppliers.roi.spec import templates
from midora.suppliers.roi.validate import check_package, validate_register
from midora.suppliers.roi.workbook import write_workbook
from midora.suppliers.roi_rows import build_register, scope_entity_ids
from midora.suppliers.roi_store import rebuild, stored_findings, stored_result

FINDINGS_SHOWN = 500
ARRANGEMENT_TEMPLATES = {
    "B_02.01",
    "B_02.02",
    "B_02.03",
    "B_03.01",
    "B_03.02",
    "B_03.03",
    "B_04.01",
    "B_05.02",
    "B_07.01",
}
MAX_UPLOAD = 200 * 1024 * 1024


def default_reference_date() -> dt.date:
    """31 December of the previous year (the annual RoI collection)."""
    return last_reference_date(timezone.localdate())


@permissions.register_readers_only
def register_request(request: HttpRequest) -> tuple[LegalEntity | None, dt.date, str, list]:
    """The entity, reference date and level asked for, checked against the user's scope."""
    entities = list(permissions.scope(request.user, LegalEntity.objects.all()).order_by("name"))
    raw = request.GET.get("entity", "")
    entity = next((e for e in entities if str(e.pk) == raw), None)
    if raw and entity is None:
        raise Http404("No such legal entity in your scope.")
    if entity is None and entities:
        entity = entities[0]
    try:
        reference = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        reference = default_reference_date()
    level = "CON" if request.GET.get("level") == "CON" else "IND"
    if entity is not None and level == "CON":
        missing = scope_entity_ids(entity, level) - {e.pk for e in entities}
        if missing:
            raise PermissionDenied(
                gettext(
                    "The consolidated register covers entities outside your scope; ask an "
                    "administrator or export the individual register."
                )
            )
    return entity, reference, level, entities


def record_links(findings: list[Finding]) -> dict[int, str]:
    """For each finding (by position), the page of the record to fix."""
    refs, codes, leis, functions = set(), set(), set(), set()
    for f in findings:
        key = f.row_key.split("|") if f.row_key else []
        if not key:
            continue
        if f.template in ARRANGEMENT_TEMPLATES:
            refs.add(key[0])
        elif f.template == "B_05.01":
            codes.add(key[0])
        elif f.template in ("B_01.01", "B_01.02"):
            leis.add(key[0])
        elif f.template == "B_06.01" and len(key) == 2:
            functions.add((key[1], key[0]))
    arrangement = dict(
        ContractualArrangement.objects.filter(reference__in=refs).values_list("reference", "pk")
    )
    provider = dict(
        ICTProvider.objects.filter(identification_code__in=codes).values_list(
            "identification_code", "pk"
        )
    )
    entity = dict(LegalEntity.objects.filter(lei__in=leis).values_list("lei", "pk"))
    function = {
        (lei, identifier): pk
        for pk, lei, identifier in BusinessFunction.objects.filter(
            entity__lei__in={lei for lei, _ in functions}
        ).values_list("pk", "entity__lei", "identifier")
    }
    links = {}
    for index, f in enumerate(findings):
        key = f.row_key.split("|") if f.row_key else []
        if not key:
            continue
        url = ""
        if f.template in ARRANGEMENT_TEMPLATES and key[0] in arrangement:
            url = reverse("suppliers:contractualarrangement_detail", args=[arrangement[key[0]]])
        elif f.template == "B_05.01" and key[0] in provider:
            url = reverse("suppliers:ictprovider_detail", args=[provider[key[0]]])
        elif f.template in ("B_01.01", "B_01.02") and key[0] in entity:
            url = reverse("core:legalentity_detail", args=[entity[key[0]]])
        elif f.template == "B_06.01" and len(key) == 2 and (key[1], key[0]) in function:
            url = reverse("core:businessfunction_detail", args=[function[(key[1], key[0])]])
        if url:
            links[index] = url
    return links


def _template_rows(counts: dict[str, int]) -> list[tuple[Any, int]]:
    return [(spec, counts.get(code, 0)) for code, spec in templates().items()]


def roi_page(request: HttpRequest) -> HttpResponse:
    """DORA Art. 28(3): the register of one entity, its templates and what to fix, as last built
    and validated (stored; the page says when the records changed since and offers a rebuild)."""
    entity, reference, level, entities = register_request(request)
    result, stale = stored_result(entity, reference, level) if entity else (None, False)
    if result is None:
        return _render(request, entity, reference, level, entities, None, [], stored=None)
    return _render(
        request,
        entity,
        reference,
        level,
        entities,
        None,
        stored_findings(result),
        counts=result.template_counts,
        finding_count=result.finding_count,
        error_count=result.error_count,
        stored=result,
        stale=stale,
    )


@require_POST
def roi_validate(request: HttpRequest) -> HttpResponse:
    """Build and validate the register now, store the result and show it."""
    entity, reference, level, _entities = register_request(request)
    if entity is None:
        raise Http404("No legal entity in your scope.")
    rebuild(entity, reference, level)
    query = f"entity={entity.pk}&date={reference.isoformat()}&level={level}"
    return HttpResponseRedirect(f"{reverse('suppliers:roi')}?{query}")


def _render(request, entity, reference, level, entities, built, findings, **extra) -> HttpResponse:
    register = extra.pop("register", None)
    if register is None:
        register = built.register if built else {}
    counts = extra.pop("counts", None)
    if counts is None:
        counts = {code: len(rows) for code, rows in register.items()}
    shown = findings[:FINDINGS_SHOWN]
    links = record_links(shown)
    finding_count = extra.pop("finding_count", len(findings))
    error_count = extra.pop("error_count", None)
    if error_count is None:
        error_count = len(blocking(findings))
    context = {
        "entity": entity,
        "reference": reference,
        "level": level,
        "entities": entities,
        "template_rows": _template_rows(counts),
        "total_rows": sum(counts.values()),
        "findings": [(f, links.get(i, "")) for i, f in enumerate(shown)],
        "finding_count": finding_count,
        "error_count": error_count,
        "warning_count": finding_count - error_count,
        "query": f"entity={entity.pk}&date={reference.isoformat()}&level={level}" if entity else "",
        "can_import": permissions.sees_all_entities(request.user),
        **extra,
    }
    return render(request, "suppliers/roi.html", context, status=extra.pop("status", 200))


def roi_package(request: HttpRequest) -> HttpResponse:
    """The xBRL-CSV report package; refused (409) while blocking errors remain unless forced."""
    entity, reference, level, entities = register_request(request)
    if entity is None:
        raise Http404("No legal entity in your scope.")
    built = build_register(entity, reference, level)
    findings = validate_register(built.register, built.params)
    if blocking(findings) and request.GET.get("force") != "1":
        return _render(
            request, entity, reference, level, entities, built, findings, refused=True, status=409
        )
    buffer = io.BytesIO()
    name = export_package(built.register, built.params, buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
    return response


def roi_workbook(request: HttpRequest) -> HttpResponse:
    """The Excel review workbook of the same templates."""
    entity, reference, level, _entities = register_request(request)
    if entity is None:
        raise Http404("No legal entity in your scope.")
    built = build_register(entity, reference, level)
    name = f"{entity.lei}.{level}_{reference.isoformat()}_register-review.xlsx"
    return workbook_download(lambda buffer: write_workbook(built.register, buffer), name)


def roi_check(request: HttpRequest) -> HttpResponse:
    """Validate an uploaded package (made here or elsewhere) without loading it."""
    entity, reference, level, entities = register_request(request)
    upload = request.FILES.get("package") if request.method == "POST" else None
    if upload is None:
        return roi_page(request)
    register: dict[str, list] = {}
    if upload.size > MAX_UPLOAD:
        too_large = Sentence(gettext_noop("file too large"))
        findings = [Finding("PKG-ZIP", "error", upload.name, "", "", "", too_large)]
    else:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(upload.name).name
            with path.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            package, findings = check_package(path, upload_limits(), findings_per_rule())
            register = package.register if package is not None else {}
    return _render(
        request,
        entity,
        reference,
        level,
        entities,
        None,
        findings,
        checked=upload.name,
        register=register,
    )
