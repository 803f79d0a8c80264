"""Pages of the governance area: overview, burn-down, actions per source."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from midora.core import permissions
from midora.core.models import LegalEntity
from midora.core.views.area import AreaDetailView, area_records
from midora.governance.charts import burndown_svg
from midora.governance.models import Action, Decision
from midora.governance.services import burndown_points, by_source

NAV = "governance/area_nav.html"


@permissions.register_readers_only
def index(request: HttpRequest) -> HttpResponse:
    actions, _entity = area_records(request, Action.objects.all())
    today = timezone.localdate()
    points = burndown_points(actions, weeks=26, today=today)
    return render(
        request,
        "governance/index.html",
        {
            "area_nav": NAV,
            "open_count": actions.unfinished().count(),
            "overdue_count": actions.overdue(today).count(),
            "no_owner_count": actions.unfinished().filter(owner__isnull=True).count(),
            "decision_count": permissions.scope(request.user, Decision.objects.all()).count(),
            "sources": by_source(actions, today),
            "chart": burndown_svg(points),
            "recent_decisions": permissions.scope(request.user, Decision.objects.all())
            .select_related("entity")
            .order_by("-date")[:5],
        },
    )


@permissions.register_readers_only
def burndown_page(request: HttpRequest) -> HttpResponse:
    actions, entity = area_records(request, Action.objects.all())
    try:
        weeks = min(max(int(request.GET.get("weeks", 26)), 2), 156)
    except ValueError:
        weeks = 26
    points = burndown_points(actions, weeks=weeks)
    return render(
        request,
        "governance/burndown.html",
        {
            "area_nav": NAV,
            "chart": burndown_svg(points),
            "points": points,
            "weeks": weeks,
            "entity": entity,
            "entities": permissions.scope(request.user, LegalEntity.objects.all()),
            "sources": by_source(actions),
        },
    )


class ActionDetailView(AreaDetailView):
    """The action's computed attributes under translated labels."""

    labels = {"Source label": gettext_lazy("Source"), "Is overdue": gettext_lazy("Overdue")}

    def detail_rows(self, obj: Any) -> list[tuple[str, str]]:
        return [
            (str(self.labels.get(label, label)), value) for label, value in super().detail_rows(obj)
        ]
