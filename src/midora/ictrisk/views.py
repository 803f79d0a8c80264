"""Pages of the ICT risk area: overview, heatmap, risk and asset details, Excel import."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from midora.core import permissions
from midora.core.models import LegalEntity
from midora.core.views.area import AreaDetailView, area_records
from midora.governance.models import Action
from midora.ictrisk import excel
from midora.ictrisk.choices import Treatment
from midora.ictrisk.engine.acceptance import DEFAULT_EXPIRY_WINDOW_DAYS as EXPIRY_WINDOW
from midora.ictrisk.matrix_config import active_matrix, override_path
from midora.ictrisk.models import ICTAsset, Risk, RiskAcceptance, today
from midora.ictrisk.registers import risks as risk_register
from midora.ictrisk.services import heatmap

WHICH = ("inherent", "residual")
STATE_LABELS = {
    "in_force": gettext_lazy("in force"),
    "expiring_soon": gettext_lazy("expiring soon"),
    "expired": gettext_lazy("expired"),
    "not_yet_in_force": gettext_lazy("not yet in force"),
}
TREATMENT_LABELS = dict(Treatment.choices)


@permissions.register_readers_only
def index(request: HttpRequest) -> HttpResponse:
    risks, _entity = area_records(request, Risk.objects.all())
    day = today()
    acceptances = permissions.scope(request.user, RiskAcceptance.objects.all()).filter(
        approved=True
    )
    context = {
        "area_nav": "ictrisk/area_nav.html",
        "asset_count": permissions.scope(request.user, ICTAsset.objects.all()).count(),
        "risk_count": risks.count(),
        "overdue_reviews": risks.filter(next_review__lt=day).count(),
        "accepted": risks.filter(treatment="accept").count(),
        "expiring": acceptances.filter(
            valid_until__gte=day, valid_until__lte=day + timedelta(days=EXPIRY_WINDOW)
        ).select_related("risk", "risk__entity")[:200],
        "expired_back": [
            r
            for r in risks.filter(treatment="accept", acceptances__valid_until__lt=day)
            .distinct()
            .select_related("entity")[:200]
            if r.effective(day).back_in_treatment
        ],
        "inherent": heatmap(risks, "inherent"),
        "residual": heatmap(risks, "residual"),
        "matrix": active_matrix(),
    }
    return render(request, "ictrisk/index.html", context)


@permissions.register_readers_only
def heatmap_page(request: HttpRequest) -> HttpResponse:
    risks, entity = area_records(request, Risk.objects.all())
    which = request.GET.get("which", "residual")
    if which not in WHICH:
        which = "residual"
    matrix = active_matrix()
    return render(
        request,
        "ictrisk/heatmap.html",
        {
            "area_nav": "ictrisk/area_nav.html",
            "which": which,
            "map": heatmap(risks, which),
            "matrix": matrix,
            "entity": entity,
            "entities": permissions.scope(request.user, LegalEntity.objects.all()),
            "override": override_path(),
            "override_exists": override_path().exists(),
            "list_url": reverse("ictrisk:risk_list"),
        },
    )


class RiskDetailView(AreaDetailView):
    template_name = "ictrisk/risk_detail.html"

    def context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        data = super().context(request, **extra)
        risk = data.get("object")
        if isinstance(risk, Risk) and data.get("tab") == "details":
            data.update(
                inherent=risk.inherent,
                residual=risk.residual,
                warnings=risk.warnings,
                effective=risk.effective(),
                treatment_label=TREATMENT_LABELS.get(
                    risk.effective().treatment.value, risk.effective().treatment.value
                ),
                acceptance_rows=[
                    (a, a.state().value, STATE_LABELS.get(a.state().value, a.state().value))
                    for a in risk.acceptances.all()
                ],
                actions=permissions.scope(
                    request.user,
                    Action.objects.filter(source_type="ictrisk.risk", source_id=str(risk.pk)),
                ),
                review_overdue=risk.review_overdue,
                can_add=permissions.can_create(request.user),
            )
        return data


class AcceptanceDetailView(AreaDetailView):
    """The acceptance's computed attributes under translated labels."""

    labels = {"State label": gettext_lazy("State"), "Review due": gettext_lazy("Review due")}

    def detail_rows(self, obj: Any) -> list[tuple[str, str]]:
        return [
            (str(self.labels.get(label, label)), value) for label, value in super().detail_rows(obj)
        ]


class AssetDetailView(AreaDetailView):
    template_name = "ictrisk/asset_detail.html"


def import_page(request: HttpRequest) -> HttpResponse:
    """Upload an Excel workbook of risks: every row checked first, then all saved or none."""
    permissions.require(permissions.can_create(request.user), _("Your role cannot import risks."))
    errors: list[excel.RowError] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose an Excel file (.xlsx) to import."))
        elif request.POST.get("background") == "1":
            return _import_in_background(request, upload)
        else:
            result = excel.import_risks(upload, user=request.user)
            if result.ok:
                messages.success(
                    request,
                    _("Imported %(created)d new and %(updated)d updated risks.")
                    % {"created": result.created, "updated": result.updated},
                )
                return HttpResponseRedirect(reverse("ictrisk:risk_list"))
            errors = result.errors
    return render(
        request,
        "ictrisk/import.html",
        {"area_nav": "ictrisk/area_nav.html", "errors": errors, "columns": excel.COLUMNS},
    )


def _import_in_background(request: HttpRequest, upload) -> HttpResponse:
    """Large workbooks: a worker imports them; the job's page shows the progress and result."""
    from midora.ictrisk.tasks import import_risks
    from midora.jobs.files import save_upload
    from midora.jobs.runner import create_job, enqueue_job

    job = create_job(
        "ictrisk.import", _("Risk import %(name)s") % {"name": upload.name}, request.user
    )
    path = save_upload(job.pk, upload)
    enqueue_job(job, import_risks, user_id=request.user.pk, path=str(path))
    return HttpResponseRedirect(job.get_absolute_url())


@permissions.register_readers_only
def export_register(request: HttpRequest) -> HttpResponse:
    """The register (in the user's scope, with the list's filters) in the import layout."""
    from midora.core.views.generic import ObjectListView, filtered_queryset

    view = ObjectListView(register=risk_register)
    qs, _state = filtered_queryset(view, request)
    return excel.export_response(qs)
